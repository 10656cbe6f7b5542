-- Read model of the phone numbers attached to agents (projection "phone-number-projection").
CREATE TABLE phone_number_view (
    phone_number_id VARCHAR(64) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(64) NOT NULL,
    number          VARCHAR(16) NOT NULL UNIQUE,
    agent_id        VARCHAR(64) NOT NULL,
    attached_at     TIMESTAMPTZ NOT NULL,
    revision        BIGINT      NOT NULL
);
CREATE INDEX phone_number_view_organization ON phone_number_view (organization_id, number);
