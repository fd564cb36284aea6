package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/events?after=<cursor>}: the account's events in order, so a client that missed some can
 * catch up without gaps. The cursor is the position of the last event seen ({@code next} of the previous
 * page; 0 to start).
 */
@RestController
class EventFeedController {

    private final EventFeedQuery feed;
    private final AccountResolver accounts;
    private final JsonMapper json;

    EventFeedController(EventFeedQuery feed, AccountResolver accounts, JsonMapper json) {
        this.feed = feed;
        this.accounts = accounts;
        this.json = json;
    }

    @GetMapping("/v1/events")
    Page events(@AuthenticationPrincipal Jwt jwt, @RequestParam(name = "after", defaultValue = "0") long after,
                @RequestParam(name = "limit", defaultValue = "100") int limit) {
        RequestBodies.checkPage(after, limit);
        List<Event> events = feed.after(accounts.accountOf(jwt), after, limit).stream()
                .map(e -> new Event(e.id(), e.position(), e.type(), e.messageId(), e.sequence(), e.occurredAt(),
                        json.readTree(e.data())))
                .toList();
        long next = events.isEmpty() ? after : events.getLast().position();
        return new Page(events, next);
    }

    record Event(String id, long position, String type, String messageId, long sequence, Instant occurredAt,
                 JsonNode data) {
    }

    /** @param next the cursor for the next page: pass it as {@code after} */
    record Page(List<Event> events, long next) {
    }
}
