-- The text is kept sealed with the key of its retention class and day (docs/security.md#message-text), and is null
-- when the message was projected after that key was destroyed (a rebuild past the retention).
ALTER TABLE delivery_status ALTER COLUMN body DROP NOT NULL;
