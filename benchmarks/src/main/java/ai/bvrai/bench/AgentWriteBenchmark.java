package ai.bvrai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The agent-write benchmark, three phases with the same concurrency and command mix: create/update agent commands
 * through the REST API (each answered only after the read model shows the change); the same commands sent to the
 * platform's command bus inside this JVM (its Spring context booted without a web server, no read-your-writes
 * wait); the same event rows by plain JDBC with the same commit pattern. Prints a table and writes it to
 * {@code --out}.
 *
 * <pre>java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar --concurrency 16 --commands 2000</pre>
 */
public final class AgentWriteBenchmark {

    private AgentWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) System.err.println("error: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        System.exit(run(options));
    }

    static int run(Options options) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        CpuMeter cpu = new CpuMeter(options.platformPid());
        List<PhaseResult> phases = new ArrayList<>();
        Report report = new Report(options, runId, Instant.now());
        log("run %s: concurrency %d, %d commands (+%d warm-up) per phase, 1 create : %d updates",
                runId, options.concurrency(), options.commands(), options.warmup(), options.updatesPerAgent());

        try (Connection admin = DriverManager.getConnection(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword())) {
            PhaseResult rest = null;
            if (!options.skipRest()) {
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
                TokenSource tokens = new TokenSource(http, json, options);
                tokens.bearer(); // fail fast on a wrong Keycloak URL or password
                RestTarget target = new RestTarget(http, json, tokens, options.baseUrl(), options.promptChars());
                phases.add(phase("REST warm-up", target, "bench-" + runId + "-rest-warmup-", options.warmup(), options, cpu));
                rest = phase("REST", target, "bench-" + runId + "-rest-", options.commands(), options, cpu);
                phases.add(rest);
                report.restEventRows(countEvents(admin, rest.agentIds()));
            }

            PhaseResult bus = null;
            if (!options.skipCommandBus()) {
                log("command bus: booting the platform's Spring context in this JVM (no web server) …");
                try (InProcessPlatform platform = new InProcessPlatform(options)) {
                    log("command bus: context ready after %.1f s", platform.bootSeconds);
                    report.inProcessBootSeconds(platform.bootSeconds);
                    CommandGateway gateway = platform.commandGateway();
                    // fresh organizations (and user): names never collide with the REST phase's or an earlier run's
                    String userId = UUID.randomUUID().toString();
                    phases.add(phase("command bus warm-up",
                            new CommandBusTarget(gateway, UUID.randomUUID().toString(), userId, options.promptChars()),
                            "bench-" + runId + "-bus-warmup-", options.warmup(), options, cpu));
                    CommandBusTarget target = new CommandBusTarget(gateway, UUID.randomUUID().toString(), userId,
                            options.promptChars());
                    bus = phase("command bus", target, "bench-" + runId + "-bus-", options.commands(), options, cpu);
                    phases.add(bus);
                    ProjectionLag lag = ProjectionLag.measure(admin, target.organizationId(), bus.succeeded(),
                            options.platformPid());
                    log("command bus: agent-projection %s %d of %d events behind at the end, caught up after %.3f s (token: %s)",
                            lag.caughtUp() ? "was" : "was (and stayed)", lag.pendingAtEnd(), lag.events(),
                            lag.catchUpSeconds(), lag.tokenOwner());
                    report.projectionLag(lag);
                    report.commandBusEventRows(countEvents(admin, bus.agentIds()));
                }
            }

            String templateAgent = rest != null && !rest.agentIds().isEmpty() ? rest.agentIds().get(0)
                    : bus != null && !bus.agentIds().isEmpty() ? bus.agentIds().get(0) : null;
            EventTemplates templates = templateAgent != null
                    ? EventTemplates.fromEventStore(admin, json, templateAgent, options.promptChars())
                    : EventTemplates.synthesized(json, options.promptChars());
            report.templates(templates);
            if (!options.skipJdbc()) {
                JdbcTarget.createScratchTables(admin);
                try (JdbcTarget target = new JdbcTarget(options, templates, options.concurrency())) {
                    phases.add(phase("JDBC warm-up", target, "bench-" + runId + "-jdbc-warmup-", options.warmup(), options, cpu));
                    phases.add(phase("JDBC", target, "bench-" + runId + "-jdbc-", options.commands(), options, cpu));
                }
            }
            report.sizes(admin, options.skipRest() && options.skipCommandBus(), options.skipJdbc());
        }

        report.phases(phases);
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        report.write(json, markdown);
        log("results written to %s", options.out().toAbsolutePath());
        long failures = phases.stream().mapToLong(PhaseResult::failed).sum();
        if (failures > 0) {
            log("%d command(s) FAILED", failures);
            return 1;
        }
        return 0;
    }

    private static PhaseResult phase(String name, WriteTarget target, String prefix, int commands, Options options,
                                     CpuMeter cpu) throws InterruptedException {
        if (commands == 0) {
            return new PhaseResult(name, options.concurrency(), 0, 0, 0, 0, 0, 0,
                    new org.HdrHistogram.Histogram(3), new org.HdrHistogram.Histogram(3), new org.HdrHistogram.Histogram(3),
                    java.util.Map.of(), List.of(), cpu.since(cpu.sample()));
        }
        log("%s: %d commands, concurrency %d …", name, commands, options.concurrency());
        PhaseResult result = PhaseRunner.run(name, target, prefix, commands, options.updatesPerAgent(),
                options.concurrency(), cpu);
        log("%s: %d ok, %d failed in %.2f s = %.1f commands/s, p50 %.2f ms, p95 %.2f ms", name, result.succeeded(),
                result.failed(), result.seconds(), result.throughput(), PhaseResult.millis(result.all(), 50),
                PhaseResult.millis(result.all(), 95));
        return result;
    }

    private static long countEvents(Connection connection, List<String> agentIds) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ANY (?)")) {
            count.setArray(1, connection.createArrayOf("varchar", agentIds.toArray()));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
