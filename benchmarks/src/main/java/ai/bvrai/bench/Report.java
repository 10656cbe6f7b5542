package ai.bvrai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The results as a markdown report (printed and written to {@code --out}) and as JSON beside it. */
final class Report {

    private record Sizes(String table, String payloadType, long rows, double payloadBytes, double metadataBytes) {
    }

    private final Options options;
    private final String runId;
    private final Instant started;
    private final List<Sizes> sizes = new ArrayList<>();
    private List<PhaseResult> phases = List.of();
    private EventTemplates templates;
    private Long restEventRows;
    private Long commandBusEventRows;
    private Double inProcessBootSeconds;
    private ProjectionLag projectionLag;

    Report(Options options, String runId, Instant started) {
        this.options = options;
        this.runId = runId;
        this.started = started;
    }

    void phases(List<PhaseResult> phases) {
        this.phases = List.copyOf(phases);
    }

    void templates(EventTemplates templates) {
        this.templates = templates;
    }

    void restEventRows(long rows) {
        this.restEventRows = rows;
    }

    void commandBusEventRows(long rows) {
        this.commandBusEventRows = rows;
    }

    void inProcessBootSeconds(double seconds) {
        this.inProcessBootSeconds = seconds;
    }

    void projectionLag(ProjectionLag lag) {
        this.projectionLag = lag;
    }

    void sizes(Connection connection, boolean skipRest, boolean skipJdbc) throws SQLException {
        if (!skipRest) sizes.addAll(sizesOf(connection, "domain_event_entry"));
        if (!skipJdbc) sizes.addAll(sizesOf(connection, JdbcTarget.EVENTS));
    }

    private static List<Sizes> sizesOf(Connection connection, String table) throws SQLException {
        List<Sizes> result = new ArrayList<>();
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT payload_type, count(*), avg(octet_length(payload)),"
                     + " avg(octet_length(meta_data)) FROM " + table
                     + " WHERE payload_type LIKE '%.Agent%Event' GROUP BY payload_type ORDER BY payload_type")) {
            while (rows.next()) {
                result.add(new Sizes(table, rows.getString(1), rows.getLong(2), rows.getDouble(3), rows.getDouble(4)));
            }
        }
        return result;
    }

    private Optional<PhaseResult> phase(String name) {
        return phases.stream().filter(p -> p.phase().equals(name)).findFirst();
    }

    /** REST throughput as a share of plain-JDBC throughput, when both ran. */
    Optional<Double> ratio() {
        return ratio("REST", "JDBC");
    }

    /** One phase's throughput as a share of another's, when both ran. */
    Optional<Double> ratio(String phase, String baseline) {
        return phase(phase).flatMap(p -> phase(baseline).map(b ->
                b.throughput() > 0 ? p.throughput() / b.throughput() : Double.NaN));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Agent writes: REST API vs in-process command bus vs plain JDBC\n\n");
        md.append(String.format(Locale.ROOT, "Run `%s` at %s — %d cores, Java %s; concurrency %d; %d measured commands"
                        + " per phase after %d warm-up; mix 1 create : %d updates; system prompt %d chars.%n%n",
                runId, started, Runtime.getRuntime().availableProcessors(), Runtime.version(), options.concurrency(),
                options.commands(), options.warmup(), options.updatesPerAgent(), options.promptChars()));
        md.append("| phase | commands | seconds | commands/s | p50 ms | p95 ms | p99 ms | max ms | failed | 202 late |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PhaseResult p : phases) {
            if (p.phase().endsWith("warm-up")) continue;
            row(md, p.phase(), p, p.all(), p.throughput(), true);
            row(md, p.phase() + " · create", p, p.creates(), Double.NaN, false);
            row(md, p.phase() + " · update", p, p.updates(), Double.NaN, false);
        }
        md.append('\n');
        ratio().ifPresent(r -> md.append(String.format(Locale.ROOT,
                "**REST / JDBC throughput: %.1f %%** (goal ≥ 40 %%: %s)%n%n", r * 100, r >= 0.40 ? "met" : "NOT met")));
        ratio("command bus", "JDBC").ifPresent(r -> md.append(String.format(Locale.ROOT,
                "**Command bus (in-process) / JDBC throughput: %.1f %%**%n%n", r * 100)));
        ratio("REST", "command bus").ifPresent(r -> md.append(String.format(Locale.ROOT,
                "REST / command bus throughput: %.1f %%.%n%n", r * 100)));
        for (String name : List.of("REST", "command bus")) {
            phase(name).ifPresent(p -> phase("JDBC").ifPresent(jdbc -> md.append(String.format(Locale.ROOT,
                    "Latency %s / JDBC: p50 %.1f×, p95 %.1f×.%n%n", name,
                    PhaseResult.millis(p.all(), 50) / PhaseResult.millis(jdbc.all(), 50),
                    PhaseResult.millis(p.all(), 95) / PhaseResult.millis(jdbc.all(), 95)))));
        }
        if (projectionLag != null) {
            md.append(String.format(Locale.ROOT, "Command-bus phase, not in its latencies: `agent-projection` was %d of %d"
                            + " events behind when the phase ended and showed all of them %.3f s later%s; its token was held by %s."
                            + "%s%n%n",
                    projectionLag.pendingAtEnd(), projectionLag.events(), projectionLag.catchUpSeconds(),
                    projectionLag.caughtUp() ? "" : " (NOT caught up: gave up)", projectionLag.tokenOwner(),
                    inProcessBootSeconds == null ? "" : String.format(Locale.ROOT,
                            " The in-process context booted in %.1f s (not measured).", inProcessBootSeconds)));
        }

        md.append("## CPU during each phase\n\n");
        md.append("Everything shares the same cores: driver, platform, PostgreSQL; \"other\" is every other process on the machine (noise).\n");
        md.append("In the command-bus phase the driver JVM *is* the command side (the platform process only projects, if it holds the token).\n\n");
        md.append("| phase | wall s | machine busy | driver CPU s | platform CPU s | PostgreSQL CPU s | other CPU s | driver ms/command | platform ms/command | PostgreSQL ms/command |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PhaseResult p : phases) {
            CpuMeter.Usage u = p.cpu();
            long n = Math.max(1, p.succeeded() + p.failed());
            double other = u.machineBusy() * u.cores() * u.seconds() - u.driver() - u.postgres()
                    - (Double.isNaN(u.platform()) ? 0 : u.platform());
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f %% of %d cores | %.2f | %s | %.2f | %.2f | %.2f | %s | %.2f |%n",
                    p.phase(), u.seconds(), u.machineBusy() * 100, u.cores(), u.driver(),
                    Double.isNaN(u.platform()) ? "–" : String.format(Locale.ROOT, "%.2f", u.platform()),
                    u.postgres(), Math.max(0, other), u.driver() * 1000 / n,
                    Double.isNaN(u.platform()) ? "–" : String.format(Locale.ROOT, "%.2f", u.platform() * 1000 / n),
                    u.postgres() * 1000 / n));
        }
        md.append('\n');

        md.append("## Rows written\n\n");
        if (restEventRows != null) {
            long ok = phase("REST").map(PhaseResult::succeeded).orElse(0L);
            md.append(String.format(Locale.ROOT, "Events in `domain_event_entry` for the agents of the measured REST phase:"
                    + " %d for %d successful commands (one event per command expected).%n%n", restEventRows, ok));
        }
        if (commandBusEventRows != null) {
            long ok = phase("command bus").map(PhaseResult::succeeded).orElse(0L);
            md.append(String.format(Locale.ROOT, "Events in `domain_event_entry` for the agents of the measured command-bus"
                    + " phase: %d for %d successful commands.%n%n", commandBusEventRows, ok));
        }
        if (templates != null) {
            md.append(String.format(Locale.ROOT, "JDBC payload/metadata templates: %s (`%s`, `%s`).%n%n",
                    templates.created.source(), templates.created.payloadType(), templates.changed.payloadType()));
        }
        if (!sizes.isEmpty()) {
            md.append("| table | payload type | rows | avg payload bytes | avg metadata bytes |\n|---|---|---:|---:|---:|\n");
            for (Sizes s : sizes) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f |%n",
                        s.table(), s.payloadType(), s.rows(), s.payloadBytes(), s.metadataBytes()));
            }
            md.append('\n');
        }

        boolean anyErrors = phases.stream().anyMatch(p -> p.failed() > 0);
        md.append("## Errors\n\n");
        if (!anyErrors) {
            md.append("None: every command was answered 2xx / committed.\n");
        } else {
            for (PhaseResult p : phases) {
                p.errors().forEach((message, count) -> md.append(String.format(Locale.ROOT,
                        "- %s: %d × %s (%d follow-up updates not sent)%n", p.phase(), count, message, p.skipped())));
            }
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, PhaseResult p, org.HdrHistogram.Histogram h,
                            double throughput, boolean totals) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %s | %s |%n",
                name, h.getTotalCount(),
                totals ? String.format(Locale.ROOT, "%.2f", p.seconds()) : "",
                totals ? String.format(Locale.ROOT, "%.1f", throughput) : "",
                PhaseResult.millis(h, 50), PhaseResult.millis(h, 95), PhaseResult.millis(h, 99),
                h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0,
                totals ? Long.toString(p.failed()) : "", totals ? Long.toString(p.late()) : ""));
    }

    void write(ObjectMapper json, String markdown) throws IOException {
        Path out = options.out();
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown);
        ObjectNode root = json.createObjectNode()
                .put("runId", runId).put("started", started.toString())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("concurrency", options.concurrency()).put("commands", options.commands())
                .put("warmup", options.warmup()).put("updatesPerAgent", options.updatesPerAgent())
                .put("promptChars", options.promptChars());
        ratio().ifPresent(r -> root.put("restToJdbcThroughput", r));
        ratio("command bus", "JDBC").ifPresent(r -> root.put("commandBusToJdbcThroughput", r));
        ratio("REST", "command bus").ifPresent(r -> root.put("restToCommandBusThroughput", r));
        if (inProcessBootSeconds != null) root.put("inProcessBootSeconds", inProcessBootSeconds);
        if (projectionLag != null) {
            root.putObject("commandBusProjectionLag").put("events", projectionLag.events())
                    .put("pendingAtEnd", projectionLag.pendingAtEnd())
                    .put("catchUpSeconds", projectionLag.catchUpSeconds())
                    .put("caughtUp", projectionLag.caughtUp()).put("tokenOwner", projectionLag.tokenOwner());
        }
        ArrayNode list = root.putArray("phases");
        for (PhaseResult p : phases) {
            ObjectNode node = list.addObject()
                    .put("phase", p.phase()).put("succeeded", p.succeeded()).put("failed", p.failed())
                    .put("skipped", p.skipped()).put("late202", p.late()).put("seconds", p.seconds())
                    .put("commandsPerSecond", p.throughput());
            latency(node.putObject("latencyMs"), p.all());
            latency(node.putObject("createLatencyMs"), p.creates());
            latency(node.putObject("updateLatencyMs"), p.updates());
            CpuMeter.Usage u = p.cpu();
            long n = Math.max(1, p.succeeded() + p.failed());
            node.putObject("cpu").put("machineBusy", u.machineBusy()).put("driverSeconds", u.driver())
                    .put("platformSeconds", u.platform()).put("postgresSeconds", u.postgres())
                    .put("driverMsPerCommand", u.driver() * 1000 / n)
                    .put("platformMsPerCommand", u.platform() * 1000 / n)
                    .put("postgresMsPerCommand", u.postgres() * 1000 / n);
            ObjectNode errors = node.putObject("errors");
            p.errors().forEach(errors::put);
        }
        String name = out.getFileName().toString();
        Path jsonOut = out.resolveSibling(name.endsWith(".md") ? name.substring(0, name.length() - 3) + ".json" : name + ".json");
        json.writerWithDefaultPrettyPrinter().writeValue(jsonOut.toFile(), root);
    }

    private static void latency(ObjectNode node, org.HdrHistogram.Histogram h) {
        node.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) return;
        node.put("p50", PhaseResult.millis(h, 50)).put("p95", PhaseResult.millis(h, 95))
                .put("p99", PhaseResult.millis(h, 99)).put("max", h.getMaxValue() / 1000.0)
                .put("mean", h.getMean() / 1000.0);
    }
}
