-- Read model of calls and their transcripts (projection "call-projection").
CREATE TABLE call_view (
    call_id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    organization_id        VARCHAR(64)  NOT NULL,
    agent_id               VARCHAR(64)  NOT NULL,
    agent_version          INTEGER      NOT NULL,
    direction              VARCHAR(16)  NOT NULL,
    status                 VARCHAR(16)  NOT NULL,
    end_reason             VARCHAR(32),
    end_detail             TEXT,
    from_address           VARCHAR(255),
    to_address             VARCHAR(255),
    variables              JSONB        NOT NULL,
    limits                 JSONB        NOT NULL,
    requested_at           TIMESTAMPTZ  NOT NULL,
    connected_at           TIMESTAMPTZ,
    ended_at               TIMESTAMPTZ,
    duration_ms            BIGINT,
    node                   VARCHAR(255),
    turn_count             INTEGER      NOT NULL,
    recording_location     TEXT,
    recording_content_type VARCHAR(100),
    recording_duration_ms  BIGINT,
    recording_bytes        BIGINT,
    revision               BIGINT       NOT NULL
);
-- the list: newest first within an organization, optionally narrowed to an agent or a status
CREATE INDEX call_view_organization_requested ON call_view (organization_id, requested_at DESC, call_id);
CREATE INDEX call_view_organization_agent_requested ON call_view (organization_id, agent_id, requested_at DESC);
CREATE INDEX call_view_organization_status_requested ON call_view (organization_id, status, requested_at DESC);
CREATE INDEX call_view_organization_duration ON call_view (organization_id, duration_ms);

-- One row per turn; the transcript search is a case-insensitive LIKE over the turns of the organization's calls.
CREATE TABLE call_turn_view (
    call_id       VARCHAR(64) NOT NULL REFERENCES call_view (call_id) ON DELETE CASCADE,
    speaker       VARCHAR(8)  NOT NULL,
    turn          INTEGER     NOT NULL,
    text          TEXT        NOT NULL,
    interrupted   BOOLEAN     NOT NULL,
    started_at_ms BIGINT      NOT NULL,
    ended_at_ms   BIGINT      NOT NULL,
    latency       JSONB,
    sequence      BIGINT      NOT NULL,
    PRIMARY KEY (call_id, speaker, turn)
);
