-- The day counters beside the hourly ones (the same sums per organization, local date, agent and version): the
-- answers by day — the daily call series and the per-agent breakdown — read 24 times fewer rows (a month of one
-- organization with 40 agent versions: 1,200 rows instead of 28,800). Filled here from the hourly counters, which
-- the analytics processor keeps at the same position; from now on it writes both in the same transaction.
CREATE TABLE analytics_daily (
    organization_id VARCHAR(64) NOT NULL,
    local_date      DATE        NOT NULL,
    agent_id        VARCHAR(64) NOT NULL,
    agent_version   INTEGER     NOT NULL,
    calls           BIGINT      NOT NULL,
    connected       BIGINT      NOT NULL,
    ended           BIGINT      NOT NULL,
    duration_ms     BIGINT      NOT NULL,
    user_talk_ms    BIGINT      NOT NULL,
    agent_talk_ms   BIGINT      NOT NULL,
    turns           BIGINT      NOT NULL,
    PRIMARY KEY (organization_id, local_date, agent_id, agent_version)
);

INSERT INTO analytics_daily
SELECT organization_id, local_date, agent_id, agent_version, sum(calls), sum(connected), sum(ended), sum(duration_ms),
       sum(user_talk_ms), sum(agent_talk_ms), sum(turns)
FROM analytics_hourly
GROUP BY organization_id, local_date, agent_id, agent_version;
