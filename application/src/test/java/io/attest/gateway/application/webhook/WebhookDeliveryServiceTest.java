package io.attest.gateway.application.webhook;

import io.attest.gateway.application.webhook.port.out.WebhookHttpPort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Attempt;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Delivery;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.DeliveryStatus;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.RecordedAttempt;
import io.attest.gateway.domain.shared.AccountId;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class WebhookDeliveryServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String URL = "https://hooks.example.com/sms";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final RetrySchedule SCHEDULE = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)));

    private final WebhookStorePort store = mock(WebhookStorePort.class);
    private final List<Map<String, String>> sentHeaders = java.util.Collections.synchronizedList(new ArrayList<>());

    private WebhookDeliveryService service(WebhookHttpPort http, java.util.concurrent.Executor executor, int maxInFlight) {
        return new WebhookDeliveryService(store, http, executor, Clock.fixed(NOW, ZoneOffset.UTC), SCHEDULE,
                Duration.ofSeconds(10), maxInFlight);
    }

    private WebhookHttpPort answering(Integer status, String error) {
        return (url, headers, body, timeout) -> {
            sentHeaders.add(headers);
            return new WebhookHttpPort.Response(status, 12, error);
        };
    }

    private static Delivery delivery(String endpointId, int failuresInARow) {
        return new Delivery(7, "acme", endpointId, URL, "evt-1", "message.delivered", "m-1", 4, NOW,
                "{\"id\":\"evt-1\"}", DeliveryStatus.DELIVERING, failuresInARow, failuresInARow, NOW, null, null, NOW, null);
    }

    /** The one attempt recorded, in one call of recordAttempts. */
    @SuppressWarnings("unchecked")
    private RecordedAttempt recorded() {
        ArgumentCaptor<List<RecordedAttempt>> batch = ArgumentCaptor.forClass(List.class);
        verify(store).recordAttempts(batch.capture());
        assertThat(batch.getValue()).hasSize(1);
        return batch.getValue().getFirst();
    }

    private Attempt attemptWith(DeliveryStatus status, Instant next, int failures) {
        RecordedAttempt recorded = recorded();
        assertThat(recorded.next()).isEqualTo(status);
        assertThat(recorded.nextAttemptAt()).isEqualTo(next);
        assertThat(recorded.failuresInARow()).isEqualTo(failures);
        return recorded.attempt();
    }

    private void due(Delivery delivery) {
        when(store.activeSecrets(AccountId.of("acme"), delivery.endpointId(), NOW)).thenReturn(List.of(SECRET));
        when(store.destinationsDue(eq(NOW), anyInt(), any())).thenReturn(List.of(URL));
        when(store.claim(eq(URL), anyInt(), eq(NOW), any())).thenReturn(List.of(delivery));
    }

    @Test
    void a2xxAnswerDeliversAndTheRequestIsSignedWithTheStandardHeaders() {
        due(delivery("we_1", 0));

        int started = service(answering(204, null), Runnable::run, 8).deliverDue();

        assertThat(started).isEqualTo(1);
        Attempt attempt = attemptWith(DeliveryStatus.DELIVERED, null, 0);
        assertThat(attempt.attempt()).isEqualTo(1);
        assertThat(attempt.statusCode()).isEqualTo(204);
        assertThat(attempt.outcome()).isEqualTo("delivered");
        Map<String, String> headers = sentHeaders.getFirst();
        assertThat(headers).containsEntry("webhook-id", "evt-1")
                .containsEntry("webhook-timestamp", Long.toString(NOW.getEpochSecond()))
                .containsEntry("content-type", "application/json");
        assertThat(headers.get("webhook-signature")).isEqualTo(WebhookSignature.sign(List.of(SECRET), "evt-1",
                NOW.getEpochSecond(), "{\"id\":\"evt-1\"}"));
    }

    @Test
    void aFailureIsRetriedAfterTheScheduledDelay() {
        due(delivery("we_1", 0));

        service(answering(500, null), Runnable::run, 8).deliverDue();

        RecordedAttempt recorded = recorded();
        assertThat(recorded.next()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(recorded.failuresInARow()).isEqualTo(1);
        assertThat(recorded.nextAttemptAt()).isBetween(NOW.plusSeconds(5), NOW.plusMillis(5500));
    }

    @Test
    void noAnswerCountsAsAFailureWithItsReason() {
        due(delivery("we_1", 0));

        service(answering(null, "no answer within 10000 ms"), Runnable::run, 8).deliverDue();

        RecordedAttempt recorded = recorded();
        assertThat(recorded.next()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(recorded.failuresInARow()).isEqualTo(1);
        assertThat(recorded.attempt().error()).isEqualTo("no answer within 10000 ms");
        assertThat(recorded.attempt().statusCode()).isNull();
    }

    @Test
    void afterTheLastRetryTheDeliveryIsDead() {
        due(delivery("we_1", 2));

        service(answering(503, null), Runnable::run, 8).deliverDue();

        Attempt attempt = attemptWith(DeliveryStatus.DEAD, null, 3);
        assertThat(attempt.attempt()).isEqualTo(3);
        assertThat(attempt.error()).isEqualTo("HTTP 503");
        verify(store, never()).disableEndpoint(any(), any(), any(), any());
    }

    @Test
    void goneDisablesTheEndpoint() {
        due(delivery("we_1", 0));

        service(answering(410, null), Runnable::run, 8).deliverDue();

        assertThat(attemptWith(DeliveryStatus.DEAD, null, 1).outcome()).isEqualTo("disabled");
        verify(store).disableEndpoint(eq(AccountId.of("acme")), eq("we_1"), any(), eq(NOW));
    }

    @Test
    void goneFromAMessageOwnUrlEndsThatDeliveryOnly() {
        due(delivery(null, 0));

        service(answering(410, null), Runnable::run, 8).deliverDue();

        assertThat(attemptWith(DeliveryStatus.DEAD, null, 1).outcome()).isEqualTo("dead");
        verify(store, never()).disableEndpoint(any(), any(), any(), any());
    }

    @Test
    void withoutASecretNothingIsSentUnsigned() {
        Delivery delivery = delivery("we_1", 0);
        due(delivery);
        when(store.activeSecrets(AccountId.of("acme"), "we_1", NOW)).thenReturn(List.of());

        service(answering(200, null), Runnable::run, 8).deliverDue();

        assertThat(sentHeaders).isEmpty();
        assertThat(recorded().next()).isEqualTo(DeliveryStatus.PENDING);
    }

    @Test
    void aUrlNeverHasMoreThanItsLimitOfRequestsOpen() throws Exception {
        Delivery delivery = delivery("we_1", 0);
        due(delivery);
        CountDownLatch release = new CountDownLatch(1);
        WebhookHttpPort hanging = (url, headers, body, timeout) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new WebhookHttpPort.Response(200, 1, null);
        };
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        WebhookDeliveryService service = service(hanging, executor, 1);

        assertThat(service.deliverDue()).isEqualTo(1);
        assertThat(service.deliverDue()).isZero(); // the one open request is the URL's limit: nothing claimed
        // and a URL at its limit is not even asked for, so busy URLs cannot fill the due list
        verify(store).destinationsDue(eq(NOW), anyInt(), eq(List.of(URL)));

        verify(store).claim(eq(URL), eq(1), eq(NOW), any());
        assertThat(service.inFlight()).isEqualTo(1);
        release.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(service.inFlight()).isZero();
        attemptWith(DeliveryStatus.DELIVERED, null, 0);
        assertThat(URI.create(URL).getHost()).isEqualTo("hooks.example.com");
    }

    @Test
    @SuppressWarnings("unchecked")
    void outcomesThatFinishWhileOthersAreRecordedAreRecordedTogetherAndSecretsAreReadOncePerClaim() throws Exception {
        List<Delivery> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(new Delivery(i, "acme", "we_1", URL, "evt-" + i, "message.delivered", "m-" + i, 4, NOW,
                    "{}", DeliveryStatus.DELIVERING, 0, 0, NOW, null, null, NOW, null));
        }
        when(store.activeSecrets(AccountId.of("acme"), "we_1", NOW)).thenReturn(List.of(SECRET));
        when(store.destinationsDue(eq(NOW), anyInt(), any())).thenReturn(List.of(URL));
        when(store.claim(eq(URL), anyInt(), eq(NOW), any())).thenReturn(five);
        CountDownLatch firstRecording = new CountDownLatch(1);
        CountDownLatch othersDone = new CountDownLatch(4);
        List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.mockito.Mockito.doAnswer(invocation -> {
            batchSizes.add(((List<RecordedAttempt>) invocation.getArgument(0)).size());
            if (batchSizes.size() == 1) {
                firstRecording.countDown();
                assertThat(othersDone.await(10, TimeUnit.SECONDS)).isTrue(); // the other four finish meanwhile
            }
            return null;
        }).when(store).recordAttempts(any());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.Executor executor = task -> {
            boolean leader = first.getAndSet(false);
            threads.execute(() -> {
                if (!leader) {
                    try {
                        firstRecording.await(10, TimeUnit.SECONDS); // finish only once the first is being recorded
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                task.run();
                if (!leader) {
                    othersDone.countDown();
                }
            });
        };
        java.util.concurrent.atomic.AtomicInteger wakeUps = new java.util.concurrent.atomic.AtomicInteger();
        WebhookDeliveryService service = service(answering(200, null), executor, 8);
        service.onCapacity(wakeUps::incrementAndGet);

        assertThat(service.deliverDue()).isEqualTo(5);
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(batchSizes).containsExactly(1, 4);
        assertThat(service.inFlight()).isZero();
        assertThat(wakeUps.get()).isEqualTo(2);
        verify(store, org.mockito.Mockito.times(1)).activeSecrets(AccountId.of("acme"), "we_1", NOW);
        assertThat(sentHeaders).hasSize(5);
    }
}
