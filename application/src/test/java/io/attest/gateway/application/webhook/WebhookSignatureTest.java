package io.attest.gateway.application.webhook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    @Test
    void matchesTheStandardWebhooksReferenceExample() {
        // the example of the Standard Webhooks specification and its reference libraries
        String header = WebhookSignature.sign(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}");

        assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsWithEverySecretNewestFirstWhileARotationOverlaps() {
        String header = WebhookSignature.sign(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                WebhookSignature.newSecret()), "msg_1", 1L, "{}");

        assertThat(header.split(" ")).hasSize(2).allSatisfy(part -> assertThat(part).startsWith("v1,"));
        assertThat(header.split(" ")[0]).isEqualTo("v1," + WebhookSignature.signature(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1L, "{}"));
    }

    @Test
    void anyChangeToIdTimestampOrBodyChangesTheSignature() {
        String secret = WebhookSignature.newSecret();
        String signature = WebhookSignature.signature(secret, "msg_1", 100L, "{\"a\":1}");

        assertThat(WebhookSignature.signature(secret, "msg_2", 100L, "{\"a\":1}")).isNotEqualTo(signature);
        assertThat(WebhookSignature.signature(secret, "msg_1", 101L, "{\"a\":1}")).isNotEqualTo(signature);
        assertThat(WebhookSignature.signature(secret, "msg_1", 100L, "{\"a\":2}")).isNotEqualTo(signature);
        assertThat(WebhookSignature.signature(WebhookSignature.newSecret(), "msg_1", 100L, "{\"a\":1}"))
                .isNotEqualTo(signature);
    }

    @Test
    void newSecretsAreRandomAndPrefixed() {
        String secret = WebhookSignature.newSecret();

        assertThat(secret).startsWith("whsec_").hasSize(6 + 44).isNotEqualTo(WebhookSignature.newSecret());
        assertThatThrownBy(() -> WebhookSignature.sign(List.of(), "id", 1L, "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
