package io.attest.gateway.application.email;

import io.attest.gateway.application.email.port.out.EmailGatewayStorePort;
import io.attest.gateway.application.email.port.out.EmailGatewayStorePort.Origin;
import io.attest.gateway.application.email.port.out.EmailGatewayStorePort.StoredSettings;
import io.attest.gateway.application.email.port.out.SendEmailPort;
import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.application.events.port.in.EventFeedQuery.AccountFeedEvent;
import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SMS to email (docs/email.md#replies-and-receipts-by-email): follows the gateway-wide event feed, as the webhook
 * fan-out does, and mails a subscriber's reply to the sender of the last message that came by email from that number
 * to that subscriber, and a delivery, failure or expiry to the sender of a message that came by email, for the accounts
 * that ask for it, while the sender is still one the account allows. STOP and HELP are answered by the gateway first,
 * as always; the reply mail says so. One node at a time follows the feed (a lease, so that no transaction stays open
 * while mail goes out); a mail the relay cannot take now stops the fan-out there, to try again on the next run (a mail
 * may so go twice, never not at all); one it refuses for good is logged and passed.
 */
public class EmailFanOutService {

    private static final Logger log = LoggerFactory.getLogger(EmailFanOutService.class);
    public static final int BATCH = 200;

    private final EventFeedQuery feed;
    private final EmailGatewayStorePort store;
    private final SendEmailPort mail;
    private final SealMessageTextPort texts;
    private final String domain;
    private final String node;
    private final java.time.Clock clock;
    /** How long the feed stays with a node that stopped following it. */
    private final java.time.Duration lease = java.time.Duration.ofSeconds(30);

    /**
     * @param texts  opens the reply's text, stored sealed in the feed
     * @param domain the domain of the gateway's recipient addresses, named in the reply mails
     * @param node   this node's id: one node at a time follows the feed
     */
    public EmailFanOutService(EventFeedQuery feed, EmailGatewayStorePort store, SendEmailPort mail,
                              SealMessageTextPort texts, String domain, String node, java.time.Clock clock) {
        this.feed = feed;
        this.store = store;
        this.mail = mail;
        this.texts = texts;
        this.domain = domain;
        this.node = node;
        this.clock = clock;
    }

    /**
     * Mails what the feed holds since the last run, at most {@link #BATCH} events of it; returns how many events were
     * read (a full batch: call again at once).
     */
    public int forward() {
        if (!mail.configured()) {
            return 0;
        }
        java.util.OptionalLong claimed = store.claimFanOut(node, clock.instant(), clock.instant().plus(lease));
        if (claimed.isEmpty()) {
            return 0; // another node follows the feed
        }
        long position = claimed.getAsLong();
        if (position < 0 || !store.anyForwarding()) {
            // the first run starts at the feed's end, and while no account asks for mail the feed is not read:
            // nothing from before an account asked is mailed
            long end = feed.lastFeedId();
            if (end != position) {
                store.advanceFanOut(node, end);
            }
            return 0;
        }
        List<AccountFeedEvent> events = feed.allAfter(position, BATCH);
        Map<String, Optional<StoredSettings>> settings = new HashMap<>();
        long last = position;
        try {
            for (AccountFeedEvent event : events) {
                Optional<StoredSettings> account = settings.computeIfAbsent(event.accountId(),
                        id -> store.settings(id).filter(StoredSettings::enabled));
                try {
                    account.ifPresent(a -> forward(a, event));
                } catch (SendEmailPort.RefusedException refused) {
                    // an address the relay will never take: told in the log, and the fan-out goes on past it
                    log.warn("a mail for feed event {} was refused by the relay and is dropped: {}", event.feedId(),
                            refused.getMessage());
                }
                last = event.feedId();
            }
        } catch (RuntimeException e) {
            log.warn("email fan-out stopped at feed position {}, to try again: {}", last, e.toString());
            store.advanceFanOut(node, last);
            return 0;
        }
        if (last != position) {
            store.advanceFanOut(node, last);
        }
        return events.size();
    }

    private boolean forward(StoredSettings account, AccountFeedEvent event) {
        var e = event.event();
        Map<String, String> data = FeedData.strings(e.data());
        switch (e.type()) {
            case "message.received" -> {
                if (!account.repliesByEmail()) {
                    return false;
                }
                String subscriber = data.get("from");
                String number = data.get("to");
                Optional<Origin> origin = store.lastOrigin(account.accountId(), number, subscriber)
                        .filter(o -> EmailText.allows(account.allowedSenders(), o.sender()));
                if (origin.isEmpty()) {
                    return false;
                }
                String intent = data.getOrDefault("intent", "");
                String note = switch (intent) {
                    case "OPT_OUT", "OPT_OUT_ALL" -> "\n\n(" + subscriber + " opted out: the gateway recorded it and "
                            + "answered; messages to this number are blocked from now on.)";
                    case "HELP" -> "\n\n(The gateway answered this HELP with the campaign's help text.)";
                    case "OPT_IN" -> "\n\n(" + subscriber + " opted back in: the gateway recorded it and answered.)";
                    default -> "";
                };
                String text = texts.unseal(data.get("text"));
                mail.send(origin.get().sender(), "SMS reply from " + subscriber,
                        (text == null ? "(its text is no longer kept)" : text) + note + "\n\n-- \nTo " + number
                                + ", in reply to message " + origin.get().messageId() + ". Reply to this mail by "
                                + "writing to " + subscriber + "@" + domain + ".");
                return true;
            }
            case "message.delivered", "message.failed", "message.expired" -> {
                if (!account.receiptsByEmail() || e.messageId() == null) {
                    return false;
                }
                Optional<Origin> origin = store.origin(e.messageId())
                        .filter(o -> EmailText.allows(account.allowedSenders(), o.sender()));
                if (origin.isEmpty()) {
                    return false;
                }
                String outcome = e.type().substring("message.".length());
                String detail = data.containsKey("carrierStatus") ? " (carrier status " + data.get("carrierStatus")
                        + (data.get("carrierError") == null ? "" : ", error " + data.get("carrierError")) + ")"
                        : data.containsKey("reason") ? " (" + data.get("reason") + ")" : "";
                mail.send(origin.get().sender(), "SMS to " + origin.get().toNumber() + " " + outcome,
                        "Your message " + e.messageId() + " to " + origin.get().toNumber() + " was " + outcome
                                + detail + " at " + e.occurredAt() + ".");
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
