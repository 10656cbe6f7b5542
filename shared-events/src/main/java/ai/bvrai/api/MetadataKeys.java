package ai.bvrai.api;

/** Keys of the message metadata that carry who, for which tenant, and within which request. */
public final class MetadataKeys {

    public static final String USER_ID = "userId";
    public static final String ORGANIZATION_ID = "organizationId";
    public static final String CORRELATION_ID = "correlationId";

    private MetadataKeys() {
    }
}
