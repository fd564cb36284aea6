package io.attest.gateway.domain.message;

import java.time.Instant;
import java.util.List;

/**
 * The message waits until the time its client chose. The send policy decided at acceptance ({@code checks},
 * {@code inputs}: what it found then; a block refuses the message at once instead) and decides again at {@code sendAt}.
 */
public record MessageScheduled(MessageId messageId, Instant sendAt, List<String> checks, String inputs)
        implements MessageEvent {
}
