package ai.bvrai.security;

/** The realm roles the platform understands. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String EDITOR = "editor";
    public static final String VIEWER = "viewer";
    /** Runs the platform (metrics, health details); not a role within an organization. */
    public static final String OPERATOR = "operator";

    /** For {@code @PreAuthorize}: may change agents and other configuration. */
    public static final String CAN_WRITE = "hasAnyRole('admin', 'editor')";
    /** For {@code @PreAuthorize}: may read the organization's data. */
    public static final String CAN_READ = "hasAnyRole('admin', 'editor', 'viewer')";
    public static final String IS_ADMIN = "hasRole('admin')";

    private Roles() {
    }
}
