package io.attest.gateway.application.webhook;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The event types a webhook endpoint can subscribe to: the types of the account's event feed. */
public final class WebhookEventTypes {

    public static final List<String> ALL = List.of("message.accepted", "message.held", "message.blocked",
            "message.submitted", "message.delivered", "message.failed", "message.expired", "message.received",
            "message.scheduled", "message.cancelled",
            "consent.opted_in", "consent.opted_out", "account.spend_threshold_reached");

    private WebhookEventTypes() {
    }

    /** The types, checked and without repeats; null or empty means every type (an empty set). */
    public static Set<String> parse(List<String> requested) {
        Set<String> types = new LinkedHashSet<>();
        if (requested == null) {
            return types;
        }
        for (String type : requested) {
            if (type == null || !ALL.contains(type)) {
                throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                        "unknown event type '" + type + "'; known types are " + String.join(", ", ALL));
            }
            types.add(type);
        }
        return types;
    }
}
