package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.limits.SendLimits;
import io.attest.gateway.domain.shared.AccountId;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code gateway.limits}: what every account may send ({@code default}) and the accounts with limits of their own
 * ({@code accounts.<account id>}, any member left out is the default's). Zero is no limit. docs/security.md.
 */
@ConfigurationProperties("gateway.limits")
public record SendLimitsProperties(Member defaults, Map<String, Member> accounts) {

    /** The defaults when nothing is configured: generous for a real sender, a wall for a stolen key. */
    static final Member BUILT_IN = new Member(1_000L, 100_000L, 30, Duration.ofHours(1));

    public SendLimitsProperties {
        defaults = defaults == null ? BUILT_IN : new Member(
                defaults.sendsPerSecond() != null ? defaults.sendsPerSecond() : BUILT_IN.sendsPerSecond(),
                defaults.sendsPerDay() != null ? defaults.sendsPerDay() : BUILT_IN.sendsPerDay(),
                defaults.recipientMessages() != null ? defaults.recipientMessages() : BUILT_IN.recipientMessages(),
                defaults.recipientWindow() != null ? defaults.recipientWindow() : BUILT_IN.recipientWindow());
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    }

    /**
     * @param sendsPerSecond    messages a second
     * @param sendsPerDay       messages a UTC day
     * @param recipientMessages messages to one number within {@code recipientWindow}
     */
    public record Member(Long sendsPerSecond, Long sendsPerDay, Integer recipientMessages, Duration recipientWindow) {
    }

    public SendLimits toLimits() {
        Map<AccountId, SendLimits.Limits> own = new LinkedHashMap<>();
        accounts.forEach((account, member) -> own.put(AccountId.of(account), limits(member)));
        return new SendLimits(limits(defaults), own);
    }

    private static SendLimits.Limits limits(Member member) {
        return new SendLimits.Limits(member.sendsPerSecond(), member.sendsPerDay(), member.recipientMessages(),
                member.recipientWindow());
    }
}
