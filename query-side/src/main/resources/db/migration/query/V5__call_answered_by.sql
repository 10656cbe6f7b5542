-- Outbound phone calls: the answering-machine detection's verdict.
ALTER TABLE call_view ADD COLUMN answered_by VARCHAR(32);
