package ai.bvrai.infra.db;

/**
 * A module's share of the database schema: its Flyway scripts under {@code classpath:db/migration/<name>},
 * tracked in its own history table {@code schema_history_<name>}. Each deployable runs the schemas of the
 * modules it contains, so split services on one database never see each other's scripts as unknown.
 *
 * @param name  the module's schema name, e.g. {@code query}
 * @param order lower runs first; Axon's storage is 0
 */
public record ModuleSchema(String name, int order) {

    public String location() {
        return "classpath:db/migration/" + name;
    }

    public String historyTable() {
        return "schema_history_" + name;
    }
}
