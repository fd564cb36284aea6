package io.attest.gateway.domain.message;

import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.util.List;

/**
 * A held message passed the send policy again when its window opened and goes to the carrier now. It
 * carries what the dispatcher needs to submit it.
 *
 * @param useCase the campaign's use case, as accepted (null for releases recorded before it was carried): the text
 *                is kept as long as the messages of that use case keep theirs
 */
public record MessageReleased(MessageId messageId, PhoneNumber from, PhoneNumber to, String text,
                              TextEncoding encoding, List<String> checks, String inputs, UseCase useCase)
        implements MessageEvent {

    public MessageReleased(MessageId messageId, PhoneNumber from, PhoneNumber to, String text, TextEncoding encoding,
                           List<String> checks, String inputs) {
        this(messageId, from, to, text, encoding, checks, inputs, null);
    }
}
