package io.attest.gateway.infrastructure.security;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;

/**
 * Wraps the API's token decoder, whichever issuer it trusts (the local issuer, or Keycloak by its issuer URI), in a
 * {@link CachingJwtDecoder}. {@code gateway.security.token-cache-size} (default 10,000 tokens) sizes it; 0 turns it off.
 */
@Configuration(proxyBeanMethods = false)
class TokenCacheConfiguration {

    @Bean
    static BeanPostProcessor cachingJwtDecoders(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                int capacity = environment.getProperty("gateway.security.token-cache-size", Integer.class, 10_000);
                if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder) && capacity > 0) {
                    return new CachingJwtDecoder(decoder, capacity, Clock.systemUTC());
                }
                return bean;
            }
        };
    }
}
