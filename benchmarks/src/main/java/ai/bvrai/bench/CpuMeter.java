package ai.bvrai.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent during a phase, from Linux's /proc: the whole machine (busy share of all cores), this driver,
 * the platform JVM (when its pid is known) and the PostgreSQL server processes. Everything shares the same
 * cores here, so these figures say who the throughput was paid by. Off Linux every figure is NaN.
 */
public final class CpuMeter {

    /** USER_HZ: the unit of /proc times; 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Long platformPid;

    public CpuMeter(Long platformPid) {
        this.platformPid = platformPid;
    }

    public record Sample(long nanos, long[] machine, double driver, double platform, Map<Long, Double> postgres) {
    }

    /** CPU seconds per party over the phase; {@code machineBusy} is 0..1 of all cores. */
    public record Usage(double seconds, int cores, double machineBusy, double driver, double platform, double postgres) {
    }

    public Sample sample() {
        return new Sample(System.nanoTime(), machineTicks(), driverSeconds(),
                platformPid == null ? Double.NaN : pidSeconds(platformPid), postgresSeconds());
    }

    public Usage since(Sample before) {
        Sample after = sample();
        double busy = Double.NaN;
        if (before.machine() != null && after.machine() != null) {
            double total = after.machine()[0] - before.machine()[0];
            double idle = after.machine()[1] - before.machine()[1];
            busy = total > 0 ? (total - idle) / total : Double.NaN;
        }
        double postgres = 0;
        for (Map.Entry<Long, Double> e : after.postgres().entrySet()) {
            // a backend that started during the phase counts whole; one that ended is lost (connections are pooled)
            postgres += e.getValue() - before.postgres().getOrDefault(e.getKey(), 0.0);
        }
        return new Usage((after.nanos() - before.nanos()) / 1e9, Runtime.getRuntime().availableProcessors(), busy,
                after.driver() - before.driver(), after.platform() - before.platform(),
                after.postgres().isEmpty() ? Double.NaN : postgres);
    }

    /** {total, idle+iowait} ticks of the "cpu" line. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) total += Long.parseLong(f[i]); // user..steal
            return new long[]{total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double driverSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private static double pidSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static Map<Long, Double> postgresSeconds() {
        Map<Long, Double> seconds = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String comm = Files.readString(p.resolve("comm")).strip();
                    if (comm.startsWith("postgres")) {
                        long pid = Long.parseLong(p.getFileName().toString());
                        double s = pidSeconds(pid);
                        if (!Double.isNaN(s)) seconds.put(pid, s);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the process ended while we looked
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return seconds;
    }
}
