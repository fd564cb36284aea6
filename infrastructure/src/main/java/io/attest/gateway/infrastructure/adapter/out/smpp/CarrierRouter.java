package io.attest.gateway.infrastructure.adapter.out.smpp;

import io.attest.gateway.application.message.port.out.SubmitToCarrierPort;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * Routes each message to a carrier connection: the connections whose routes (E.164 prefixes; none for every
 * destination) match the destination, in the order they are configured, the longest matching prefix first. A
 * connection that is not bound is passed over for the next one (failover): it has taken nothing, so nothing can go
 * twice. Once a connection has the submit, its answer stands; a submit whose outcome is unknown is never sent to
 * another carrier. The decision (connection, route, failover) goes on the message's timeline.
 */
public class CarrierRouter implements SubmitToCarrierPort, io.attest.gateway.application.message.port.out.CarrierQueryPort,
        SmartLifecycle {

    /** @param routes the E.164 prefixes the connection takes; empty for every destination */
    public record Route(SmppCarrierAdapter connection, List<String> routes) {

        /** The length of the matching prefix, 0 for a connection that takes everything, -1 when it does not match. */
        int match(String destination) {
            if (routes.isEmpty()) {
                return 0;
            }
            return routes.stream().filter(destination::startsWith).mapToInt(String::length).max().orElse(-1);
        }
    }

    private final List<Route> routes;

    public CarrierRouter(List<Route> routes) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("at least one carrier connection is needed");
        }
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public boolean canSubmit() {
        return routes.stream().anyMatch(route -> route.connection().isBound());
    }

    /** A destination no connection routes is "up": the submit answers no-route at once instead of waiting. */
    @Override
    public boolean canSubmit(String destination) {
        boolean routed = false;
        for (Route route : routes) {
            if (route.match(destination) >= 0) {
                routed = true;
                if (route.connection().isBound()) {
                    return true;
                }
            }
        }
        return !routed;
    }

    /** The connection a submit would take now: the best-matching bound one, else the best-matching one. */
    @Override
    public String expectedConnection(String destination) {
        Route best = null;
        Route bestBound = null;
        for (Route route : routes) {
            int match = route.match(destination);
            if (match < 0) {
                continue;
            }
            if (best == null || match > best.match(destination)) {
                best = route;
            }
            if (route.connection().isBound() && (bestBound == null || match > bestBound.match(destination))) {
                bestBound = route;
            }
        }
        Route chosen = bestBound != null ? bestBound : best;
        return chosen == null ? null : chosen.connection().name();
    }

    @Override
    public SubmissionResult submit(OutboundSms sms) {
        List<Route> candidates = new ArrayList<>();
        for (Route route : routes) {
            if (route.match(sms.to()) >= 0) {
                candidates.add(route);
            }
        }
        if (candidates.isEmpty()) {
            return new Refused("no-route", "no carrier connection routes " + sms.to());
        }
        candidates.sort((a, b) -> Integer.compare(b.match(sms.to()), a.match(sms.to()))); // stable: config order kept
        List<String> passedOver = new ArrayList<>();
        for (Route route : candidates) {
            SmppCarrierAdapter connection = route.connection();
            if (!connection.isBound()) {
                passedOver.add(connection.name());
                continue;
            }
            SubmissionResult result = connection.submit(sms);
            if (result instanceof Submitted submitted && routes.size() > 1) {
                return new Submitted(submitted.carrierMessageId(), describe(route, sms.to(), passedOver),
                        submitted.segmentIds(), connection.name());
            }
            return result;
        }
        throw new CarrierUnavailableException("no carrier connection for " + sms.to() + " is bound ("
                + String.join(", ", passedOver) + "); the message waits", null);
    }

    /** Asks the connection that took the message: the one whose id prefix starts the carrier id, the longest first. */
    @Override
    public java.util.Optional<QueriedState> query(io.attest.gateway.domain.message.CarrierMessageId carrierMessageId,
                                                  String source) {
        return routes.stream().map(Route::connection).distinct()
                .filter(connection -> carrierMessageId.value().startsWith(connection.idPrefix()))
                .max(java.util.Comparator.comparingInt(connection -> connection.idPrefix().length()))
                .flatMap(connection -> connection.query(carrierMessageId, source));
    }

    private static String describe(Route route, String destination, List<String> passedOver) {
        int prefix = route.match(destination);
        StringBuilder text = new StringBuilder("via ").append(route.connection().name());
        text.append(prefix > 0 ? " (route " + destination.substring(0, prefix) + ")" : " (every destination)");
        if (!passedOver.isEmpty()) {
            text.append(", failed over from ").append(String.join(", ", passedOver)).append(" (not bound)");
        }
        return text.toString();
    }

    @Override
    public void start() {
        routes.forEach(route -> route.connection().start());
    }

    @Override
    public void stop() {
        routes.forEach(route -> route.connection().stop());
    }

    @Override
    public boolean isRunning() {
        return routes.stream().anyMatch(route -> route.connection().isRunning());
    }

    @Override
    public int getPhase() {
        return routes.getFirst().connection().getPhase();
    }
}
