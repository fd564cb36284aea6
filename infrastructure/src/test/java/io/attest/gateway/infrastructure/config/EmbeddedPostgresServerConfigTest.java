package io.attest.gateway.infrastructure.config;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerConfigTest {

    @Test
    void commitsAreDurableUnlessConfiguredOtherwise() {
        assertThat(EmbeddedPostgresConfiguration.serverConfig(new MockEnvironment()))
                .containsEntry("fsync", "on")
                .containsEntry("synchronous_commit", "on")
                .hasSize(2);
    }

    @Test
    void configuredServerSettingsAreAddedAndWinOverTheDefault() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("gateway.embedded-postgres.server-config.shared_buffers", "256MB")
                .withProperty("gateway.embedded-postgres.server-config.synchronous_commit", "off");

        assertThat(EmbeddedPostgresConfiguration.serverConfig(environment))
                .containsEntry("shared_buffers", "256MB")
                .containsEntry("synchronous_commit", "off")
                .containsEntry("fsync", "on")
                .hasSize(3);
    }
}
