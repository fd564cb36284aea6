package io.attest.gateway.infrastructure.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.attest.gateway.application.cost.CarrierTable;
import io.attest.gateway.application.cost.MessagePricing;
import io.attest.gateway.application.cost.RateCards;
import io.attest.gateway.application.cost.SpendGuard;
import io.attest.gateway.application.cost.port.out.AccountSpendPort;
import io.attest.gateway.application.cost.port.out.CarrierLookupPort;
import io.attest.gateway.application.cost.port.out.RateCardStorePort;
import io.attest.gateway.application.cost.port.out.SpendLimitStorePort;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort;
import io.attest.gateway.domain.cost.RateCard;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Prices every message (docs/costs.md): the rate cards (the built-in one from {@code gateway.costs.default-rate-card},
 * then the operator's), the carrier lookup, and the accounts' spend limits.
 */
@Configuration(proxyBeanMethods = false)
public class CostConfiguration {

    @Bean
    public RateCards rateCards(RateCardStorePort store, Clock clock,
                               @Value("${gateway.costs.default-rate-card:classpath:rate-cards/default.json}") Resource builtIn,
                               @Value("${gateway.costs.rate-card-refresh:30s}") Duration refresh,
                               @Value("${gateway.costs.rate-card-notice:60s}") Duration notice) {
        return new RateCards(read(builtIn), store, clock, refresh, notice);
    }

    static RateCard read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return JsonMapper.builder().addModule(new JavaTimeModule())
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(in, RateCardDocument.class).toCard(Instant.EPOCH);
        } catch (IOException e) {
            throw new UncheckedIOException("gateway.costs.default-rate-card " + resource + " cannot be read", e);
        }
    }

    @Bean
    public CarrierTable carrierTable(CarrierLookupPort lookup, Clock clock,
                                     @Value("${gateway.costs.carrier-cache:5m}") Duration ttl) {
        return new CarrierTable(lookup, clock, ttl);
    }

    /** The expected route comes from the carrier connections, looked up when a message is priced (they start later). */
    @Bean
    public MessagePricing messagePricing(RateCards cards, CarrierTable carriers,
                                         ObjectProvider<SubmitToCarrierPort> carrier) {
        return new MessagePricing(cards, carriers, destination -> carrier.getObject().expectedConnection(destination));
    }

    @Bean
    public io.attest.gateway.projections.cost.CostReportQueries costReportQueries(org.jooq.DSLContext db) {
        return new io.attest.gateway.projections.cost.CostReportQueries(db);
    }

    @Bean
    public SpendGuard spendGuard(SpendLimitStorePort limits, AccountSpendPort spend, EventGateway events, Clock clock,
                                 RateCards cards, @Value("${gateway.costs.limit-cache:30s}") Duration ttl,
                                 @Value("${gateway.costs.spend-write-interval:1s}") Duration writeInterval) {
        if (writeInterval.isNegative()) {
            throw new IllegalArgumentException("gateway.costs.spend-write-interval must not be negative, not "
                    + writeInterval);
        }
        SpendGuard guard = new SpendGuard(limits, spend, events::publish, clock, cards.currency(), ttl);
        return writeInterval.isZero() ? guard : guard.batchingUnlimited();
    }

    /** Writes the spend of accounts without a limit, counted in memory, every interval and when the node stops. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    public UnlimitedSpendWriter unlimitedSpendWriter(SpendGuard guard,
                                                     @Value("${gateway.costs.spend-write-interval:1s}") Duration every) {
        return new UnlimitedSpendWriter(guard, every); // the interval is checked where the guard is made
    }
}
