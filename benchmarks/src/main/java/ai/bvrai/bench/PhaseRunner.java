package ai.bvrai.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@code commands} commands against a target with {@code concurrency} workers. The commands are cut into
 * agent sequences of one create followed by {@code updatesPerAgent} updates; a free worker takes the next
 * sequence. Every command's latency (start of the call to its answer / commit) goes into an HdrHistogram.
 */
final class PhaseRunner {

    private static final long HIGHEST_MICROS = 120_000_000L;

    private PhaseRunner() {
    }

    static PhaseResult run(String phase, WriteTarget target, String namePrefix, int commands, int updatesPerAgent,
                           int concurrency, CpuMeter cpu) throws InterruptedException {
        int perAgent = 1 + updatesPerAgent;
        int sequences = (commands + perAgent - 1) / perAgent;
        AtomicInteger nextSequence = new AtomicInteger();
        Histogram all = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        Histogram creates = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        Histogram updates = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        AtomicLong late = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        List<String> agentIds = Collections.synchronizedList(new ArrayList<>());

        CpuMeter.Sample cpuBefore = cpu.sample();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().name(phase + "-", 0).factory())) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    int sequence;
                    while ((sequence = nextSequence.getAndIncrement()) < sequences) {
                        int inSequence = Math.min(perAgent, commands - sequence * perAgent);
                        String agentId;
                        long t0 = System.nanoTime();
                        try {
                            WriteTarget.Created created = target.create(worker, namePrefix + sequence);
                            record(t0, all, creates);
                            agentId = created.agentId();
                            agentIds.add(agentId);
                            if (created.late()) late.incrementAndGet();
                        } catch (Exception e) {
                            count(errors, e);
                            skipped.addAndGet(inSequence - 1);
                            continue;
                        }
                        for (int n = 1; n < inSequence; n++) {
                            long t1 = System.nanoTime();
                            try {
                                if (target.update(worker, agentId, n)) late.incrementAndGet();
                                record(t1, all, updates);
                            } catch (Exception e) {
                                count(errors, e);
                                skipped.addAndGet(inSequence - 1 - n);
                                break;
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    count(errors, e.getCause());
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        CpuMeter.Usage usage = cpu.since(cpuBefore);
        long failed = errors.values().stream().mapToLong(AtomicLong::get).sum();
        return new PhaseResult(phase, concurrency, commands, all.getTotalCount(), failed, skipped.get(), late.get(),
                seconds, all, creates, updates, Map.copyOf(toCounts(errors)), List.copyOf(agentIds), usage);
    }

    private static void record(long startNanos, Histogram... histograms) {
        long micros = Math.max(1, (System.nanoTime() - startNanos) / 1_000);
        for (Histogram h : histograms) {
            h.recordValue(Math.min(micros, HIGHEST_MICROS));
        }
    }

    private static void count(Map<String, AtomicLong> errors, Throwable e) {
        String key = e instanceof WriteTarget.CommandFailed failed && failed.status > 0
                ? "HTTP " + failed.status + ": " + abbreviate(e.getMessage())
                : e.getClass().getSimpleName() + ": " + abbreviate(e.getMessage());
        errors.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static String abbreviate(String message) {
        if (message == null) return "";
        String oneLine = message.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }

    private static Map<String, Long> toCounts(Map<String, AtomicLong> errors) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        errors.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }
}
