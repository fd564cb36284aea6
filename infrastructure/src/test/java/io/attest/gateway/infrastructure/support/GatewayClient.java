package io.attest.gateway.infrastructure.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** A real HTTP client of the gateway, as an API client would use it: tokens from the issuer, JSON over HTTP. */
public final class GatewayClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public GatewayClient(int port) {
        this.port = port;
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A client-credentials token from the gateway's local issuer. */
    public String token(String clientId, String secret, String scope) {
        String form = "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + scope.replace(" ", "%20"));
        Response response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (response.status() != 200) {
            throw new AssertionError("token request failed: " + response);
        }
        return response.json().get("access_token").asString();
    }

    public Response post(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        Optional.ofNullable(token).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    public Response put(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        Optional.ofNullable(token).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    public Response putCsv(String path, String token, String csv) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofString(csv));
        Optional.ofNullable(token).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    public Response patch(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        Optional.ofNullable(token).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    public Response delete(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE();
        Optional.ofNullable(token).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    public Response get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        Optional.ofNullable(token).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    public Response sendMessage(String token, String from, String to, String text) {
        return post("/v1/messages", token, JSON.writeValueAsString(
                JSON.createObjectNode().put("from", from).put("to", to).put("text", text)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(null), response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public record Response(int status, String contentType, String location, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }
}
