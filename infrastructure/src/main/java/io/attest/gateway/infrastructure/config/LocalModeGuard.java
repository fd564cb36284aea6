package io.attest.gateway.infrastructure.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The demo {@code local} profile applies only when nobody chose a profile. A gateway given an external token issuer or
 * database but no profile looks like a production set-up that forgot its profile: with the local profile it would
 * register demo brands, campaigns and numbers for accounts {@code acme} and {@code globex}, relax the webhook address
 * checks and generate an audit key of its own. It refuses to start instead and says what to set.
 */
@Configuration(proxyBeanMethods = false)
public class LocalModeGuard {

    @Bean
    public Object localModeChecked(Environment environment) {
        check(environment);
        return "local mode checked";
    }

    static void check(Environment environment) {
        boolean localByDefault = environment.getActiveProfiles().length == 0
                && Arrays.asList(environment.getDefaultProfiles()).contains("local");
        if (!localByDefault) {
            return;
        }
        List<String> external = new ArrayList<>();
        for (String property : List.of("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "spring.datasource.url")) {
            String value = environment.getProperty(property);
            if (value != null && !value.isBlank()) {
                external.add(property);
            }
        }
        if (!external.isEmpty()) {
            throw new IllegalStateException("No Spring profile is set, so the demo 'local' profile would apply (demo"
                    + " accounts acme and globex with their brands, campaigns, numbers and token clients; relaxed webhook"
                    + " address checks; a generated audit key), but " + String.join(" and ", external)
                    + " point(s) at an external service, as in production. Set SPRING_PROFILES_ACTIVE=production (see"
                    + " docs/configuration.md#production), or SPRING_PROFILES_ACTIVE=local to run the demo against it on"
                    + " purpose");
        }
    }
}
