-- Outbound phone calls: the telephony provider's id of the call (Twilio's call SID), once dialed.
ALTER TABLE call_view ADD COLUMN provider_call_id VARCHAR(64);
