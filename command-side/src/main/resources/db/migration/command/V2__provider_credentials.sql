-- Per-organization provider credentials, encrypted at rest (AES-256-GCM). Only the command side reads this table;
-- events carry the reference and the hint, never the secret. The additional authenticated data binds each
-- ciphertext to its organization, provider and reference, so a row copied elsewhere does not decrypt.
CREATE TABLE provider_credentials (
    organization_id VARCHAR(64)  NOT NULL,
    provider        VARCHAR(32)  NOT NULL,
    reference       VARCHAR(64)  NOT NULL UNIQUE,
    hint            VARCHAR(64)  NOT NULL,
    key_id          VARCHAR(64)  NOT NULL,   -- which master key sealed it: keys can rotate
    nonce           BYTEA        NOT NULL,
    ciphertext      BYTEA        NOT NULL,   -- includes the GCM tag
    updated_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (organization_id, provider)
);
