package io.attest.gateway.application.compliance.port.out;

import io.attest.gateway.domain.message.MessageId;

import java.time.Instant;
import java.util.List;

/** Messages whose hold ends at or before a moment. */
public interface HeldMessagesPort {

    List<MessageId> dueAt(Instant now, int limit);
}
