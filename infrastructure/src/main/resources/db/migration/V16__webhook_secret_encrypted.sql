-- Webhook signing secrets are stored encrypted (enc:v1:<key id>:<base64 of nonce and ciphertext>): room for the
-- longer form. The gateway encrypts the rows stored before in plain text at its first start with a key.
ALTER TABLE webhook_secret ALTER COLUMN secret TYPE VARCHAR(400);
