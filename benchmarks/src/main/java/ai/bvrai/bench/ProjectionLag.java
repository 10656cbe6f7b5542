package ai.bvrai.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How far the query side's {@code agent-projection} trailed the command-bus phase, which does not wait for it:
 * at the end of the phase, how many of the phase's events {@code agent_view} did not show yet, and how long it
 * took until it showed all of them (every agent row at the revision of its last command). Also which JVM held
 * the processor's token (the running platform or this driver), i.e. who did the projecting.
 */
record ProjectionLag(long events, long pendingAtEnd, double catchUpSeconds, boolean caughtUp, String tokenOwner) {

    private static final long TIMEOUT_NANOS = 60_000_000_000L;

    static ProjectionLag measure(Connection connection, String organizationId, long events, Long platformPid)
            throws SQLException, InterruptedException {
        long t0 = System.nanoTime();
        long pendingAtEnd = -1;
        long applied;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT coalesce(sum(revision + 1), 0) FROM agent_view WHERE organization_id = ?")) {
            select.setString(1, organizationId);
            while (true) {
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    applied = rows.getLong(1);
                }
                if (pendingAtEnd < 0) pendingAtEnd = Math.max(0, events - applied);
                if (applied >= events || System.nanoTime() - t0 > TIMEOUT_NANOS) break;
                // the catch-up time is what is measured: bounded poll (TIMEOUT_NANOS), 5 ms resolution
                Thread.sleep(5);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new ProjectionLag(events, pendingAtEnd, pendingAtEnd == 0 ? 0 : seconds, applied >= events,
                tokenOwner(connection, platformPid));
    }

    private static String tokenOwner(Connection connection, Long platformPid) throws SQLException {
        String self = ManagementFactory.getRuntimeMXBean().getName();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT owner FROM token_entry WHERE processor_name = 'agent-projection' AND owner IS NOT NULL")) {
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) return "unclaimed";
                String owner = rows.getString(1);
                if (owner.equals(self)) return "this driver JVM (" + owner + ")";
                if (platformPid != null && owner.startsWith(platformPid + "@")) return "the running platform (" + owner + ")";
                return owner;
            }
        }
    }
}
