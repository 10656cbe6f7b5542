-- Command-side lookup for the set-based rule "a phone number belongs to one organization".
CREATE TABLE phone_number (
    number          VARCHAR(16) NOT NULL PRIMARY KEY,
    phone_number_id VARCHAR(64) NOT NULL UNIQUE,
    organization_id VARCHAR(64) NOT NULL
);
