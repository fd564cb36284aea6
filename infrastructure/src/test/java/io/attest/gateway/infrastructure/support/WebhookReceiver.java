package io.attest.gateway.infrastructure.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server receiving webhooks, as a client's application would: it records every request and answers
 * with what the test scripted for its path (200 unless told otherwise; {@link #HANG} holds the request open until
 * {@link #releaseHangs()}). Signatures are checked the way docs/webhooks.md tells receivers to.
 */
public final class WebhookReceiver implements AutoCloseable {

    public static final int HANG = -1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Integer>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger hanging = new AtomicInteger();
    private volatile CountDownLatch hangs = new CountDownLatch(1);

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** What to answer on the path: a status, or {@link #HANG}. */
    public void answer(String path, Function<Request, Integer> answer) {
        answers.put(path, answer);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public int hanging() {
        return hanging.get();
    }

    public void releaseHangs() {
        hangs.countDown();
        hangs = new CountDownLatch(1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
            Request request = new Request(exchange.getRequestURI().getPath(), headers,
                    new String(body, StandardCharsets.UTF_8), System.currentTimeMillis());
            int status;
            // recorded and answered in one step: an answer that depends on what arrived before (a request seen
            // "after" another) then agrees with the order of the recorded requests
            synchronized (requests) {
                requests.add(request);
                status = answers.getOrDefault(request.path(), r -> 200).apply(request);
            }
            if (status == HANG) {
                hanging.incrementAndGet();
                try {
                    hangs.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hanging.decrementAndGet();
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        releaseHangs();
        server.stop(0);
    }

    public record Request(String path, Map<String, String> headers, String body, long receivedAtMillis) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.get(name);
        }

        /**
         * The documented check: HMAC-SHA256 of {@code webhook-id.webhook-timestamp.body} with the base64 key after
         * {@code whsec_}, compared in constant time with each {@code v1,} signature of the header.
         */
        public boolean signedWith(String secret) {
            String signed = header("webhook-id") + "." + header("webhook-timestamp") + "." + body;
            byte[] expected;
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                        "HmacSHA256"));
                expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            for (String signature : header("webhook-signature").split(" ")) {
                String[] parts = signature.split(",", 2);
                if (parts.length == 2 && parts[0].equals("v1")
                        && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                    return true;
                }
            }
            return false;
        }

        public List<String> signatures() {
            return new ArrayList<>(List.of(header("webhook-signature").split(" ")));
        }
    }
}
