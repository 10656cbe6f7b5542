-- Command-side lookup for the set-based rule "agent names are unique per organization".
CREATE TABLE agent_name (
    agent_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    organization_id VARCHAR(64)  NOT NULL,
    name_key        VARCHAR(100) NOT NULL,
    CONSTRAINT agent_name_unique_per_organization UNIQUE (organization_id, name_key)
);
