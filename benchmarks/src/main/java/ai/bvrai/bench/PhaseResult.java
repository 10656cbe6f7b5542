package ai.bvrai.bench;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/** What one phase measured. Latencies are recorded in microseconds. */
record PhaseResult(String phase, int concurrency, int planned, long succeeded, long failed, long skipped, long late,
                   double seconds, Histogram all, Histogram creates, Histogram updates,
                   Map<String, Long> errors, List<String> agentIds, CpuMeter.Usage cpu) {

    double throughput() {
        return seconds > 0 ? succeeded / seconds : 0;
    }

    static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
