package ai.bvrai.query.analytics;

import ai.bvrai.api.analytics.AgentVersionStats;
import ai.bvrai.api.analytics.AnalyticsFilter;
import ai.bvrai.api.analytics.AnalyticsInterval;
import ai.bvrai.api.analytics.CallVolumePoint;
import ai.bvrai.api.analytics.DurationBucket;
import ai.bvrai.api.analytics.OutcomeCount;
import ai.bvrai.api.analytics.StageLatency;
import ai.bvrai.api.call.EndReason;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The SQL behind the analytics answers: sums over the rollup tables, gaps filled with zeros. */
final class AnalyticsReader {

    private final JdbcTemplate jdbc;

    AnalyticsReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Where(String sql, Object[] args) {
    }

    private static Where where(AnalyticsFilter filter) {
        StringBuilder sql = new StringBuilder(" WHERE organization_id = ? AND local_date BETWEEN ? AND ?");
        List<Object> args = new ArrayList<>(List.of(filter.organizationId(), Date.valueOf(filter.from()),
                Date.valueOf(filter.to())));
        if (filter.agentId() != null) {
            sql.append(" AND agent_id = ?");
            args.add(filter.agentId());
        }
        if (filter.agentVersion() != null) {
            sql.append(" AND agent_version = ?");
            args.add(filter.agentVersion());
        }
        return new Where(sql.toString(), args.toArray());
    }

    private static final String SUMS = "sum(calls), sum(connected), sum(ended), sum(duration_ms), sum(user_talk_ms), "
            + "sum(agent_talk_ms), sum(turns)";

    List<CallVolumePoint> volume(AnalyticsFilter filter, AnalyticsInterval interval) {
        Where where = where(filter);
        boolean hourly = interval == AnalyticsInterval.HOUR;
        String keys = hourly ? "local_date, local_hour" : "local_date";
        Map<String, CallVolumePoint> found = new HashMap<>();
        jdbc.query("SELECT " + keys + ", " + SUMS + " FROM " + (hourly ? "analytics_hourly" : "analytics_daily")
                        + where.sql() + " GROUP BY " + keys,
                rs -> {
                    LocalDate date = rs.getDate(1).toLocalDate();
                    Integer hour = hourly ? rs.getInt(2) : null;
                    int c = hourly ? 3 : 2;
                    found.put(date + "/" + hour, new CallVolumePoint(date, hour, rs.getLong(c), rs.getLong(c + 1),
                            rs.getLong(c + 2), rs.getLong(c + 3), rs.getLong(c + 4), rs.getLong(c + 5),
                            rs.getLong(c + 6)));
                }, where.args());
        List<CallVolumePoint> points = new ArrayList<>();
        for (LocalDate date = filter.from(); !date.isAfter(filter.to()); date = date.plusDays(1)) {
            for (int h = 0; h < (hourly ? 24 : 1); h++) {
                Integer hour = hourly ? h : null;
                CallVolumePoint point = found.get(date + "/" + hour);
                points.add(point != null ? point : new CallVolumePoint(date, hour, 0, 0, 0, 0, 0, 0, 0));
            }
        }
        return points;
    }

    static CallVolumePoint total(List<CallVolumePoint> points) {
        long calls = 0, connected = 0, ended = 0, duration = 0, user = 0, agent = 0, turns = 0;
        for (CallVolumePoint p : points) {
            calls += p.calls();
            connected += p.connected();
            ended += p.ended();
            duration += p.durationMs();
            user += p.userTalkMs();
            agent += p.agentTalkMs();
            turns += p.turns();
        }
        return new CallVolumePoint(null, null, calls, connected, ended, duration, user, agent, turns);
    }

    List<OutcomeCount> outcomes(AnalyticsFilter filter) {
        Where where = where(filter);
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("SELECT end_reason, sum(calls) FROM analytics_outcome_daily" + where.sql() + " GROUP BY end_reason",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, where.args());
        List<OutcomeCount> outcomes = new ArrayList<>();
        for (EndReason reason : EndReason.values()) {
            outcomes.add(new OutcomeCount(reason, counts.getOrDefault(reason.name(), 0L)));
        }
        return outcomes;
    }

    List<DurationBucket> durations(AnalyticsFilter filter) {
        Where where = where(filter);
        Map<Long, Long> counts = new HashMap<>();
        jdbc.query("SELECT bucket_s, sum(calls) FROM analytics_duration_daily" + where.sql() + " GROUP BY bucket_s",
                rs -> {
                    counts.put(rs.getLong(1), rs.getLong(2));
                }, where.args());
        List<Long> bounds = AnalyticsBuckets.DURATION_BOUNDS_S;
        List<DurationBucket> buckets = new ArrayList<>();
        for (int i = 0; i < bounds.size(); i++) {
            buckets.add(new DurationBucket(bounds.get(i), i + 1 < bounds.size() ? bounds.get(i + 1) : null,
                    counts.getOrDefault(bounds.get(i), 0L)));
        }
        return buckets;
    }

    List<AgentVersionStats> agents(AnalyticsFilter filter) {
        Where where = where(filter);
        return jdbc.query("SELECT agent_id, agent_version, " + SUMS + " FROM analytics_daily" + where.sql()
                        + " GROUP BY agent_id, agent_version ORDER BY agent_id, agent_version",
                (rs, row) -> {
                    long ended = rs.getLong(5);
                    long duration = rs.getLong(6);
                    return new AgentVersionStats(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), ended,
                            duration, ended == 0 ? null : duration / ended, rs.getLong(7), rs.getLong(8));
                }, where.args());
    }

    List<StageLatency> latency(AnalyticsFilter filter) {
        Where where = where(filter);
        Map<String, TreeMap<Long, Long>> histograms = new HashMap<>();
        boolean wholeOrganization = filter.agentId() == null && filter.agentVersion() == null;
        jdbc.query("SELECT stage, bucket_ms, sum(turns) FROM "
                        + (wholeOrganization ? "analytics_latency_org_daily" : "analytics_latency_daily") + where.sql()
                        + " GROUP BY stage, bucket_ms",
                rs -> {
                    histograms.computeIfAbsent(rs.getString(1), s -> new TreeMap<>()).put(rs.getLong(2), rs.getLong(3));
                }, where.args());
        List<StageLatency> stages = new ArrayList<>();
        for (AnalyticsBuckets.Stage stage : AnalyticsBuckets.STAGES) {
            TreeMap<Long, Long> histogram = histograms.getOrDefault(stage.name(), new TreeMap<>());
            long turns = histogram.values().stream().mapToLong(Long::longValue).sum();
            stages.add(new StageLatency(stage.name(), turns, percentile(histogram, turns, 50),
                    percentile(histogram, turns, 90), percentile(histogram, turns, 95), percentile(histogram, turns, 99),
                    histogram.isEmpty() ? null : histogram.lastKey()));
        }
        return stages;
    }

    /** Nearest rank over a histogram: the bucket holding the ⌈p·n⌉-th smallest value. */
    static Long percentile(TreeMap<Long, Long> histogram, long n, int percent) {
        if (n == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * n));
        long seen = 0;
        for (Map.Entry<Long, Long> bucket : histogram.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                return bucket.getKey();
            }
        }
        return histogram.lastKey();
    }
}
