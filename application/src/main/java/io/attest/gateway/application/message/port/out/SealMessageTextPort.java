package io.attest.gateway.application.message.port.out;

import io.attest.gateway.domain.campaign.UseCase;

import java.time.Instant;

/**
 * Message text at rest (docs/security.md#message-text): sealed with a key of its retention class and day, so that
 * destroying the key when the retention ends removes the text from every store that keeps the sealed form (event
 * store, read model, event feed, webhook deliveries) while the records around it stay as they were.
 */
public interface SealMessageTextPort {

    /**
     * The stored form of a text of a message of this use case (null for an inbound message) recorded at
     * {@code at}; null when the text is null or its retention has already ended.
     */
    String seal(String text, UseCase useCase, Instant at);

    /**
     * The text of a stored form: a form that is not sealed (recorded before texts were) is returned as it is; null
     * when the key of its day was destroyed.
     */
    String unseal(String stored);

    /** A JSON document with every sealed string in it replaced by its text, or by null where the key is gone. */
    String unsealWithin(String json);
}
