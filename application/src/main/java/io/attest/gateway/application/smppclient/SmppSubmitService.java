package io.attest.gateway.application.smppclient;

import io.attest.gateway.application.limits.SendLimitReachedException;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.application.smppclient.port.in.ManageSmppCredentialsUseCase.Credential;
import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase;
import io.attest.gateway.application.smppclient.port.out.SmppClientMessagePort;
import io.attest.gateway.application.smppclient.port.out.SmppClientMessagePort.SubmittedMessage;
import io.attest.gateway.application.smppclient.port.out.SmppClientPartPort;
import io.attest.gateway.application.smppclient.port.out.SmppClientPartPort.PartKey;
import io.attest.gateway.application.smppclient.port.out.SmppClientPartPort.PartSet;
import io.attest.gateway.application.smppclient.port.out.SmppClientPartPort.StoredPart;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Sends an SMPP client's submit through the REST path's {@link SendMessageUseCase}. The message is remembered as the
 * client's under the id it is about to get before it is sent, so a crash between the two cannot leave a sent message
 * whose receipt has nowhere to go; a remembered id that was never sent is harmless and is forgotten when the send
 * refuses the submit as malformed.
 * <p>
 * Parts of a concatenated submit are stored as they come; the one that completes its set sends the whole text. When
 * that send fails in a way the client may retry (the gateway's trouble, a send limit), only the completing part is
 * forgotten, so the client's retry of it completes the set again; otherwise the set is forgotten with its message.
 */
public class SmppSubmitService implements SubmitFromSmppClientUseCase {

    private final SendMessageUseCase send;
    private final SmppClientMessagePort messages;
    private final SmppClientPartPort parts;
    private final Clock clock;

    public SmppSubmitService(SendMessageUseCase send, SmppClientMessagePort messages, SmppClientPartPort parts,
                             Clock clock) {
        this.send = send;
        this.messages = messages;
        this.parts = parts;
        this.clock = clock;
    }

    @Override
    public AcceptedMessage submit(Credential credential, Submit submit) {
        return send(credential, submit, MessageId.of(UUID.randomUUID().toString()), 1, submit.text());
    }

    @Override
    public PartAnswer submitPart(Credential credential, Submit submit, Part part, BiFunction<byte[], Byte, String> decode) {
        PartKey key = new PartKey(credential.accountId(), submit.from(), submit.to(), part.reference(), part.total());
        PartSet set = parts.store(key, part.sequence(), part.octets(), part.dataCoding(), UUID.randomUUID().toString());
        String partId = SubmitFromSmppClientUseCase.partId(set.messageId(), part.sequence());
        if (!set.complete(part.total())) {
            return new PartAnswer(partId, null);
        }
        ByteArrayOutputStream octets = new ByteArrayOutputStream();
        for (StoredPart stored : set.parts()) {
            octets.writeBytes(stored.octets());
        }
        String text = decode.apply(octets.toByteArray(), set.parts().getFirst().dataCoding());
        try {
            AcceptedMessage accepted = send(credential, submit, MessageId.of(set.messageId()), part.total(), text);
            parts.forget(key);
            return new PartAnswer(partId, accepted);
        } catch (InvalidInputException refused) {
            parts.forget(key); // the whole text is refused: sending a part again would not change that
            throw refused;
        } catch (RuntimeException failed) {
            parts.forget(key, part.sequence()); // the client may send this part again and complete the set
            throw failed;
        }
    }

    private AcceptedMessage send(Credential credential, Submit submit, MessageId id, int partCount, String text) {
        messages.remember(new SubmittedMessage(id.value(), credential.accountId(), credential.systemId(),
                submit.registeredDelivery(), submit.sourceAddress(), submit.destinationAddress(), clock.instant(),
                partCount));
        try {
            return send.send(new SendMessageUseCase.SendMessage(new AccountId(credential.accountId()), submit.from(),
                    submit.to(), text, null, id, null, submit.validFor(), submit.sendAt()));
        } catch (InvalidInputException | SendLimitReachedException refused) {
            messages.forget(id.value());
            throw refused;
        }
    }

    /** Forgets the parts of concatenated submits that stayed incomplete since the cutoff; what was forgotten. */
    public List<SmppClientPartPort.Abandoned> forgetIncompleteSince(Instant cutoff) {
        return parts.forgetIncompleteSince(cutoff);
    }
}
