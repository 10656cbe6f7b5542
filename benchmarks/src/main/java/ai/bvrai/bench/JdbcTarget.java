package ai.bvrai.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The baseline: the rows one agent command writes, by plain JDBC, one transaction per command, into scratch
 * copies of the real tables ({@code bench_domain_event_entry}, {@code bench_agent_name}) — never into the event
 * store. Create: the event row (sequence 0) and the name row. Update n: the event row with sequence n. One
 * connection per worker, opened before the phase (the platform's connection pool is warm too).
 */
final class JdbcTarget implements WriteTarget, AutoCloseable {

    static final String EVENTS = "bench_domain_event_entry";
    static final String NAMES = "bench_agent_name";

    private static final String INSERT_EVENT = "INSERT INTO " + EVENTS + " (aggregate_identifier, sequence_number, type,"
            + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) VALUES (?,?,?,?,?,?,?,?,?)";
    private static final String INSERT_NAME = "INSERT INTO " + NAMES + " (agent_id, organization_id, name_key) VALUES (?,?,?)";

    private final EventTemplates templates;
    private final int promptChars;
    private final String organizationId;
    private final Connection[] connections;
    private final PreparedStatement[] insertEvent;
    private final PreparedStatement[] insertName;

    JdbcTarget(Options options, EventTemplates templates, int workers) throws SQLException {
        this.templates = templates;
        this.promptChars = options.promptChars();
        this.organizationId = templates.organizationId();
        this.connections = new Connection[workers];
        this.insertEvent = new PreparedStatement[workers];
        this.insertName = new PreparedStatement[workers];
        for (int w = 0; w < workers; w++) {
            connections[w] = DriverManager.getConnection(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
            connections[w].setAutoCommit(false);
            insertEvent[w] = connections[w].prepareStatement(INSERT_EVENT);
            insertName[w] = connections[w].prepareStatement(INSERT_NAME);
        }
    }

    /**
     * (Re)creates the scratch tables as copies of the real ones (columns, defaults, indexes, unique keys). The
     * copied {@code global_index} default would draw from the event store's own sequence, so it gets its own.
     */
    static void createScratchTables(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS " + EVENTS + ", " + NAMES);
            ddl.execute("CREATE TABLE " + EVENTS + " (LIKE domain_event_entry INCLUDING ALL)");
            ddl.execute("CREATE SEQUENCE " + EVENTS + "_global_index_seq OWNED BY " + EVENTS + ".global_index");
            ddl.execute("ALTER TABLE " + EVENTS + " ALTER COLUMN global_index SET DEFAULT nextval('" + EVENTS + "_global_index_seq')");
            ddl.execute("CREATE TABLE " + NAMES + " (LIKE agent_name INCLUDING ALL)");
        }
    }

    @Override
    public Created create(int worker, String name) throws Exception {
        String agentId = UUID.randomUUID().toString();
        EventTemplates.Template t = templates.created;
        Connection connection = connections[worker];
        try {
            PreparedStatement event = insertEvent[worker];
            bindEvent(event, t, agentId, 0,
                    templates.payload(t, agentId, name, Prompts.systemPrompt(name, 0, promptChars)));
            event.executeUpdate();
            PreparedStatement names = insertName[worker];
            names.setString(1, agentId);
            names.setString(2, organizationId);
            names.setString(3, name.strip().toLowerCase(Locale.ROOT));
            names.executeUpdate();
            connection.commit();
        } catch (Exception e) {
            connection.rollback();
            throw e;
        }
        return new Created(agentId, false);
    }

    @Override
    public boolean update(int worker, String agentId, int n) throws Exception {
        EventTemplates.Template t = templates.changed;
        Connection connection = connections[worker];
        try {
            PreparedStatement event = insertEvent[worker];
            bindEvent(event, t, agentId, n,
                    templates.payload(t, agentId, null, Prompts.systemPrompt(agentId, n, promptChars)));
            event.executeUpdate();
            connection.commit();
        } catch (Exception e) {
            connection.rollback();
            throw e;
        }
        return false;
    }

    private void bindEvent(PreparedStatement event, EventTemplates.Template t, String agentId, long sequence,
                           byte[] payload) throws Exception {
        event.setString(1, agentId);
        event.setLong(2, sequence);
        event.setString(3, t.type());
        event.setString(4, UUID.randomUUID().toString());
        event.setBytes(5, templates.metadata(t, agentId));
        event.setBytes(6, payload);
        event.setString(7, t.payloadRevision());
        event.setString(8, t.payloadType());
        event.setString(9, Instant.now().toString());
    }

    @Override
    public void close() {
        for (Connection connection : connections) {
            try {
                if (connection != null) connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
