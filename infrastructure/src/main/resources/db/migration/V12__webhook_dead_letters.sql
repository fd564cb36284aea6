-- The dead letters, counted for the gateway.webhooks.dead gauge without reading the delivered ones.
CREATE INDEX webhook_delivery_dead ON webhook_delivery (id) WHERE status = 'DEAD';
