-- Read models of agents and their published versions (projection "agent-projection").
CREATE TABLE agent_view (
    agent_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    organization_id VARCHAR(64)  NOT NULL,
    name            VARCHAR(100) NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    configuration   JSONB        NOT NULL,
    latest_version  INTEGER,
    revision        BIGINT       NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX agent_view_organization_created ON agent_view (organization_id, created_at DESC);

CREATE TABLE agent_version_view (
    agent_id        VARCHAR(64) NOT NULL,
    version         INTEGER     NOT NULL,
    organization_id VARCHAR(64) NOT NULL,
    configuration   JSONB       NOT NULL,
    published_at    TIMESTAMPTZ NOT NULL,
    published_by    VARCHAR(64),
    PRIMARY KEY (agent_id, version)
);
