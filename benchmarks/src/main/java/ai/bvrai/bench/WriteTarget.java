package ai.bvrai.bench;

/**
 * Where a phase sends its commands. One worker calls one target from one thread, agent by agent: a create,
 * then that agent's updates in order (so update {@code n} is the aggregate's event with sequence number {@code n}).
 */
interface WriteTarget {

    /** Creates agent {@code name}; returns its id. Throws on any failure (non-2xx, SQL error). */
    Created create(int worker, String name) throws Exception;

    /** Applies update {@code n} (1-based) to the agent; returns whether the answer was "accepted, read model late". */
    boolean update(int worker, String agentId, int n) throws Exception;

    /** The outcome of a create. {@code late}: the command succeeded but the answer was 202 instead of 201. */
    record Created(String agentId, boolean late) {
    }

    /** A failed command with the HTTP status (0 when not HTTP) and the start of the response body. */
    final class CommandFailed extends Exception {
        final int status;

        CommandFailed(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
