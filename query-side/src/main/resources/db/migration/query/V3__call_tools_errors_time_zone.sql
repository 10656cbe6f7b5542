-- Calls: the organization's time zone, transfers, tool invocations and provider errors (few per call: JSON arrays).
ALTER TABLE call_view ADD COLUMN time_zone VARCHAR(64);
ALTER TABLE call_view ADD COLUMN transferred_to VARCHAR(32);
ALTER TABLE call_view ADD COLUMN tool_invocations JSONB NOT NULL DEFAULT '[]';
ALTER TABLE call_view ADD COLUMN provider_errors JSONB NOT NULL DEFAULT '[]';
