package ai.bvrai.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of {@link AgentWriteBenchmark}; {@code --help} prints them. */
record Options(String baseUrl, String jdbcUrl, String jdbcUser, String jdbcPassword,
               String keycloak, String realm, String clientId, String username, String password,
               int concurrency, int commands, int warmup, int updatesPerAgent, int promptChars,
               Path out, Long platformPid, boolean skipRest, boolean skipCommandBus, boolean skipJdbc) {

    static final String USAGE = """
            AgentWriteBenchmark: agent create/update commands through the REST API, then through the platform's
            command bus inside this JVM (its Spring context booted without a web server), then the same event rows
            by plain JDBC with the same commit pattern; prints and writes a comparison.

              --base-url URL          platform base URL                    (http://127.0.0.1:8090)
              --jdbc-url URL          the platform's database              (jdbc:postgresql://127.0.0.1:5432/bvrai_bench)
              --jdbc-user USER        (bvrai)          --jdbc-password PW  (bvrai)
              --keycloak URL          Keycloak base URL                    (http://127.0.0.1:8180)
              --realm NAME            (bvrai)          --client-id ID      (bvrai-cli)
              --username USER         (alice.admin@acme.test)  --password PW  (Passw0rd!)
              --concurrency N         concurrent workers in every phase    (16)
              --commands N            measured commands per phase          (2000)
              --warmup N              unmeasured commands before each phase (200)
              --updates-per-agent N   mix: 1 create then N updates per agent (3)
              --prompt-chars N        system prompt length in characters   (400)
              --out FILE              results as markdown; FILE.json gets the same as JSON (target/bench/agent-writes.md)
              --platform-pid PID      report the platform JVM's CPU time per phase
              --skip-rest | --skip-command-bus | --skip-jdbc   leave a phase out (without REST the JDBC phase copies
                                      the command-bus phase's events, without both it synthesizes payloads)
            Exit status: 0 when every command succeeded, 1 when any failed (non-2xx or SQL error), 2 on bad usage.
            """;

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(null);
            }
            if (arg.equals("--skip-rest") || arg.equals("--skip-command-bus") || arg.equals("--skip-jdbc")) {
                flags.add(arg);
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument: " + arg);
            }
            String key = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                key = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("missing value for " + arg);
            }
            values.put(key, value);
        }
        Options options = new Options(
                take(values, "--base-url", "http://127.0.0.1:8090").replaceAll("/+$", ""),
                take(values, "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/bvrai_bench"),
                take(values, "--jdbc-user", "bvrai"),
                take(values, "--jdbc-password", "bvrai"),
                take(values, "--keycloak", "http://127.0.0.1:8180").replaceAll("/+$", ""),
                take(values, "--realm", "bvrai"),
                take(values, "--client-id", "bvrai-cli"),
                take(values, "--username", "alice.admin@acme.test"),
                take(values, "--password", "Passw0rd!"),
                positive(values, "--concurrency", 16),
                positive(values, "--commands", 2000),
                nonNegative(values, "--warmup", 200),
                nonNegative(values, "--updates-per-agent", 3),
                positive(values, "--prompt-chars", 400),
                Path.of(take(values, "--out", "target/bench/agent-writes.md")),
                values.containsKey("--platform-pid") ? Long.valueOf(values.remove("--platform-pid")) : null,
                flags.contains("--skip-rest"),
                flags.contains("--skip-command-bus"),
                flags.contains("--skip-jdbc"));
        if (!values.isEmpty()) {
            throw new UsageException("unknown option(s): " + values.keySet());
        }
        return options;
    }

    private static String take(Map<String, String> values, String key, String fallback) {
        String value = values.remove(key);
        return value != null ? value : fallback;
    }

    private static int positive(Map<String, String> values, String key, int fallback) {
        int value = nonNegative(values, key, fallback);
        if (value == 0) {
            throw new UsageException(key + " must be > 0");
        }
        return value;
    }

    private static int nonNegative(Map<String, String> values, String key, int fallback) {
        String raw = values.remove(key);
        try {
            int value = raw == null ? fallback : Integer.parseInt(raw.strip());
            if (value < 0) {
                throw new UsageException(key + " must be >= 0");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(key + " must be a number: " + raw);
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
