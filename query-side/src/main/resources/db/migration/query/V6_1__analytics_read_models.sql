-- Analytics read models (projection "analytics-projection"; issue 6). Versioned 6.x so that another branch's V4/V5
-- cannot collide with these. Every bucket is the LOCAL date and hour a call was requested, in the time zone the
-- organization had then (pinned on CallRequestedEvent), so a date range needs no time-zone arithmetic at query time.

-- What later events of a call need to find its buckets, and the last event applied (idempotency).
CREATE TABLE analytics_call (
    call_id         VARCHAR(64) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(64) NOT NULL,
    agent_id        VARCHAR(64) NOT NULL,
    agent_version   INTEGER     NOT NULL,
    local_date      DATE        NOT NULL,
    local_hour      SMALLINT    NOT NULL,
    revision        BIGINT      NOT NULL
);

CREATE TABLE analytics_hourly (
    organization_id VARCHAR(64) NOT NULL,
    local_date      DATE        NOT NULL,
    local_hour      SMALLINT    NOT NULL,
    agent_id        VARCHAR(64) NOT NULL,
    agent_version   INTEGER     NOT NULL,
    calls           BIGINT      NOT NULL,
    connected       BIGINT      NOT NULL,
    ended           BIGINT      NOT NULL,
    duration_ms     BIGINT      NOT NULL,
    user_talk_ms    BIGINT      NOT NULL,
    agent_talk_ms   BIGINT      NOT NULL,
    turns           BIGINT      NOT NULL,
    PRIMARY KEY (organization_id, local_date, local_hour, agent_id, agent_version)
);

CREATE TABLE analytics_outcome_daily (
    organization_id VARCHAR(64) NOT NULL,
    local_date      DATE        NOT NULL,
    agent_id        VARCHAR(64) NOT NULL,
    agent_version   INTEGER     NOT NULL,
    end_reason      VARCHAR(32) NOT NULL,
    calls           BIGINT      NOT NULL,
    PRIMARY KEY (organization_id, local_date, agent_id, agent_version, end_reason)
);

-- duration histogram: bucket = lower bound in seconds of a fixed set of buckets
CREATE TABLE analytics_duration_daily (
    organization_id VARCHAR(64) NOT NULL,
    local_date      DATE        NOT NULL,
    agent_id        VARCHAR(64) NOT NULL,
    agent_version   INTEGER     NOT NULL,
    bucket_s        BIGINT      NOT NULL,
    calls           BIGINT      NOT NULL,
    PRIMARY KEY (organization_id, local_date, agent_id, agent_version, bucket_s)
);

-- latency histogram per stage: bucket = upper bound in ms (exact below 100, two significant digits above)
CREATE TABLE analytics_latency_daily (
    organization_id VARCHAR(64) NOT NULL,
    local_date      DATE        NOT NULL,
    agent_id        VARCHAR(64) NOT NULL,
    agent_version   INTEGER     NOT NULL,
    stage           VARCHAR(32) NOT NULL,
    bucket_ms       BIGINT      NOT NULL,
    turns           BIGINT      NOT NULL,
    PRIMARY KEY (organization_id, local_date, agent_id, agent_version, stage, bucket_ms)
);

-- the same latency histogram for the whole organization (the dashboard's default view, no agent filter): a 30-day
-- answer then sums days × stages × buckets rows instead of that times every agent version
CREATE TABLE analytics_latency_org_daily (
    organization_id VARCHAR(64) NOT NULL,
    local_date      DATE        NOT NULL,
    stage           VARCHAR(32) NOT NULL,
    bucket_ms       BIGINT      NOT NULL,
    turns           BIGINT      NOT NULL,
    PRIMARY KEY (organization_id, local_date, stage, bucket_ms)
);

-- answers filtered by agent read that agent's rows only
CREATE INDEX analytics_hourly_agent ON analytics_hourly (organization_id, agent_id, local_date);
CREATE INDEX analytics_outcome_daily_agent ON analytics_outcome_daily (organization_id, agent_id, local_date);
CREATE INDEX analytics_duration_daily_agent ON analytics_duration_daily (organization_id, agent_id, local_date);
CREATE INDEX analytics_latency_daily_agent ON analytics_latency_daily (organization_id, agent_id, local_date);
