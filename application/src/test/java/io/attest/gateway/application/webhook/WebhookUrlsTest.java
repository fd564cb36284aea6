package io.attest.gateway.application.webhook;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookUrlsTest {

    private final WebhookUrls httpsOnly = new WebhookUrls(false);
    private final WebhookUrls httpAllowed = new WebhookUrls(true);

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/sms", "https://hooks.example.com:8443/a?b=c", "HTTPS://EXAMPLE.COM"})
    void acceptsHttpsUrls(String url) {
        assertThat(httpsOnly.check(url).getHost()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.example.com/sms", "ftp://hooks.example.com", "hooks.example.com/sms", "",
            "https://", "https://user:pw@hooks.example.com", "https://hooks.example.com/#frag", "https://exa mple.com",
            "https://hooks.example.com:0/sms", "https://hooks.example.com:65536/sms", "file:///etc/passwd"})
    void refusesEverythingElseWithoutHttp(String url) {
        assertThatThrownBy(() -> httpsOnly.check(url)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_WEBHOOK_URL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/hooks", "http://127.0.0.1:9000/x"})
    void plainHttpOnlyWhereTheOperatorAllowsIt(String url) {
        assertThat(httpAllowed.check(url)).isNotNull();
        assertThatThrownBy(() -> httpsOnly.check(url)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {2001})
    void longUrlsAreRefused(int length) {
        String url = "https://example.com/" + "a".repeat(length - 20);
        assertThatThrownBy(() -> httpsOnly.check(url)).hasMessageContaining("2000");
    }
}
