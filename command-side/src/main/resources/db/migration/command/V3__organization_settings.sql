-- An organization's settings as the command side needs them when it starts a call (written with the event).
CREATE TABLE organization_settings (
    organization_id VARCHAR(64) NOT NULL PRIMARY KEY,
    time_zone       VARCHAR(64) NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
