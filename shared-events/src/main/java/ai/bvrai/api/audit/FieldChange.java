package ai.bvrai.api.audit;

/** One changed field of a configuration, by its JSON path; values as JSON (null where absent). */
public record FieldChange(String field, Object before, Object after) {
}
