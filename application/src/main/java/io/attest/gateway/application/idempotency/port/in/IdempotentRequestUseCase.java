package io.attest.gateway.application.idempotency.port.in;

import io.attest.gateway.domain.shared.AccountId;

/**
 * Idempotency keys for requests that create things: the first request with a key runs, a retry with the
 * same key and the same body gets the first one's response, a retry with another body is refused.
 */
public interface IdempotentRequestUseCase {

    /** What to do with a request that carries an idempotency key. */
    sealed interface Outcome {
    }

    /** Run the request; use {@code messageId} for what it creates, so a retry after a crash finds it. */
    record Proceed(String messageId) implements Outcome {
    }

    /** Answer with the first request's response. */
    record Replay(int status, String body, String location) implements Outcome {
    }

    /** The key was used with another request body. */
    record Mismatch() implements Outcome {
    }

    /** The first request with this key is still running. */
    record InProgress() implements Outcome {
    }

    Outcome begin(AccountId account, String key, String requestSha256);

    void complete(AccountId account, String key, int status, String body, String location);

    /** The request failed without creating anything: the key may be used again. */
    void abandon(AccountId account, String key);
}
