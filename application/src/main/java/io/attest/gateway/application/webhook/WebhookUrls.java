package io.attest.gateway.application.webhook;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which URLs events may be delivered to: absolute https URLs with a host, no user info and no fragment, at most
 * 2,000 characters. Plain http only where the operator allows it (the embedded default does, for local receivers).
 */
public final class WebhookUrls {

    private final boolean allowHttp;

    public WebhookUrls(boolean allowHttp) {
        this.allowHttp = allowHttp;
    }

    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("a webhook URL is required");
        }
        if (url.length() > 2000) {
            throw invalid("a webhook URL has at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("'" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw invalid(allowHttp ? "a webhook URL must start with https:// or http://"
                    : "a webhook URL must start with https://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("a webhook URL needs a host name");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid("a webhook URL's port is 1 to 65535, not " + uri.getPort());
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("a webhook URL must not carry a user name or password; events are signed instead");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("a webhook URL must not have a #fragment");
        }
        return uri;
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(ErrorCode.INVALID_WEBHOOK_URL, message);
    }
}
