-- Whether a credential's SMPP clients pack GSM-7 septets into octets (data_coding 0), both ways.
ALTER TABLE smpp_client_credential ADD COLUMN gsm7_packed BOOLEAN NOT NULL DEFAULT false;
