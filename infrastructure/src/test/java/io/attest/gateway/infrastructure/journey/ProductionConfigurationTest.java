package io.attest.gateway.infrastructure.journey;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.simulator.SimulatorProperties;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway as production runs it: an external PostgreSQL, a carrier SMSC it binds to with credentials,
 * and a Keycloak-style issuer whose tokens carry {@code scope} as a space-separated string, realm roles and
 * an {@code account} claim. No embedded database, no simulator, no local issuer.
 */
@org.junit.jupiter.api.Tag("security")
class ProductionConfigurationTest {

    private static EmbeddedPostgres externalDatabase;
    private static io.attest.gateway.infrastructure.support.SimulatorProbe carrier;
    private static HttpServer keycloak;
    private static RSAKey realmKey;
    private static String issuer;
    private static ConfigurableApplicationContext gateway;
    private static GatewayClient client;
    /** While true, the issuer answers 503 to every request: an outage as the gateway sees it. */
    private static volatile boolean keycloakDown;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void startTheWorldAroundTheGateway() throws Exception {
        externalDatabase = EmbeddedPostgres.builder().start();
        // production runs as a role that owns nothing: the owner migrates, the gateway appends
        try (var connection = externalDatabase.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("CREATE ROLE gateway_app LOGIN PASSWORD 'app-secret'");
        }
        carrier = io.attest.gateway.infrastructure.support.SimulatorProbe.on(new SmscSimulator(new SimulatorProperties(true, 0, "carrier-user", "carrierp",
                Duration.ofMillis(20), List.of())));
        carrier.start();
        realmKey = new RSAKeyGenerator(2048).keyID("realm-key").generate();
        keycloak = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + keycloak.getAddress().getPort() + "/realms/attest";
        serve("/realms/attest/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/protocol/openid-connect/certs\"}");
        serve("/realms/attest/protocol/openid-connect/certs", new JWKSet(realmKey.toPublicJWK()).toString());
        keycloak.start();

        // production brings its own audit key: the gateway does not make one
        java.nio.file.Path auditKey = java.nio.file.Files.createDirectories(dataDir).resolve("operator-audit-key.pem");
        io.attest.gateway.audit.signing.AuditSigner.fromFile(auditKey, true);
        java.nio.file.Path webhookKey = dataDir.resolve("operator-webhook-key");
        io.attest.gateway.infrastructure.adapter.out.persistence.SecretCipher.fromFile(webhookKey, true);
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--spring.profiles.active=production",
                "--gateway.audit.signing-key-file=" + auditKey,
                "--gateway.webhooks.secret-key-file=" + webhookKey,
                "--server.port=0",
                "--gateway.data-dir=" + dataDir,
                "--spring.datasource.url=" + externalDatabase.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=gateway_app",
                "--spring.datasource.password=app-secret",
                "--spring.flyway.user=postgres",
                "--spring.flyway.password=",
                "--spring.flyway.placeholders.application_role=gateway_app",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                "--gateway.simulator.enabled=false",
                "--gateway.smpp.host=127.0.0.1",
                "--gateway.smpp.port=" + carrier.port(),
                "--gateway.smpp.system-id=carrier-user",
                "--gateway.smpp.password=carrierp");
        client = new GatewayClient(((WebServerApplicationContext) gateway).getWebServer().getPort());
        registerAcme(gateway);
    }

    /** What an account does before its first message, here through the use cases rather than the API. */
    private static void registerAcme(ConfigurableApplicationContext context) {
        var registry = context.getBean(io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase.class);
        var consents = context.getBean(io.attest.gateway.application.compliance.port.in.ManageConsentUseCase.class);
        var acme = io.attest.gateway.domain.shared.AccountId.of("acme");
        var brand = io.attest.gateway.domain.brand.BrandId.of("acme-brand");
        var campaign = io.attest.gateway.domain.campaign.CampaignId.of("acme-otp");
        registry.registerBrand(acme, new io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase.RegisterBrand(
                brand, "Acme Corp", "12-3456789", io.attest.gateway.domain.brand.EntityType.PRIVATE_PROFIT, "RETAIL", null,
                "c@acme.example"));
        registry.recordVetting(brand, true, 80, null);
        registry.registerCampaign(acme, new io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase.RegisterCampaign(
                campaign, brand, io.attest.gateway.domain.campaign.UseCase.TWO_FACTOR_AUTHENTICATION,
                new io.attest.gateway.domain.campaign.CampaignTerms("codes",
                        List.of("Code 1. Reply STOP to opt out", "Code 2. Reply STOP to end"), "sign-up form",
                        "Login codes. Reply STOP to cancel", "Help: support. Msg & data rates may apply. Reply STOP",
                        "Unsubscribed.", "per login")));
        registry.decideCampaign(campaign, io.attest.gateway.domain.campaign.DecideCampaignCommand.Decision.APPROVE, null);
        registry.assignNumber(acme, io.attest.gateway.domain.shared.PhoneNumber.of("+15551234567"), campaign,
                io.attest.gateway.domain.number.NumberType.LONG_CODE);
        consents.optIn(acme, "test", new io.attest.gateway.application.compliance.port.in.ManageConsentUseCase.OptIn(
                brand, io.attest.gateway.domain.shared.PhoneNumber.of("+15557654321"), campaign,
                io.attest.gateway.domain.consent.ConsentKind.EXPRESS,
                io.attest.gateway.domain.consent.ConsentEvidence.of(io.attest.gateway.domain.consent.ConsentChannel.API,
                        "Login codes by text", "sign-up", null, null, null, null), null));
    }

    private static void serve(String path, String json) {
        keycloak.createContext(path, exchange -> {
            if (keycloakDown) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        keycloak.stop(0);
        carrier.stop();
        externalDatabase.close();
    }

    /** A token shaped as Keycloak issues it for a service account with an 'account' claim mapper. */
    private static String keycloakToken(String issuedBy, RSAKey key, String scope, String account) throws Exception {
        return keycloakToken(issuedBy, key, scope, account, Instant.now().plusSeconds(300));
    }

    private static String keycloakToken(String issuedBy, RSAKey key, String scope, String account, Instant expiry)
            throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuedBy)
                .subject("service-account-acme-app")
                .audience("account")
                .issueTime(Date.from(expiry.minusSeconds(300)))
                .expirationTime(Date.from(expiry))
                .claim("typ", "Bearer")
                .claim("azp", "acme-app")
                .claim("scope", scope)
                .claim("realm_access", Map.of("roles", List.of("offline_access", "default-roles-attest")))
                .claim("account", account)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static java.net.http.HttpResponse<String> get(String path, String token) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + ((WebServerApplicationContext) gateway).getWebServer().getPort() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whileTheIssuerIsDownATokenWhoseKeyIsNotFetchedYetIs503AndTheNodeIsNotReady() throws Exception {
        String known = keycloakToken(issuer, realmKey, "messages:read", "acme");
        assertThat(get("/v1/messages/none", known).statusCode()).as("the realm's keys are fetched").isEqualTo(404);
        String rotated = keycloakToken(issuer, new RSAKeyGenerator(2048).keyID("rotated-key").generate(),
                "messages:read", "acme");
        keycloakDown = true;
        try {
            var refused = get("/v1/messages/none", rotated);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"code\":\"issuer-unavailable\"").doesNotContain("Exception");
            assertThat(get("/v1/messages/none", known).statusCode()).as("a key already fetched still checks tokens")
                    .isEqualTo(404);
            var readiness = get("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"issuer\":{\"status\":\"DOWN\"");
        } finally {
            keycloakDown = false;
        }
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenExpiredLongerAgoThanTheClockSkewIsRefused() throws Exception {
        String expired = keycloakToken(issuer, realmKey, "messages:read", "acme", Instant.now().minusSeconds(20));
        String justExpired = keycloakToken(issuer, realmKey, "messages:read", "acme", Instant.now().minusSeconds(1));

        assertThat(get("/v1/messages/none", expired).statusCode()).as("20 s past exp, 5 s of skew").isEqualTo(401);
        var within = get("/v1/messages/none", justExpired);
        assertThat(within.statusCode()).as("within the skew: " + within.body()).isEqualTo(404);
    }

    @Test
    void noEmbeddedDatabaseNoSimulatorAndNoLocalIssuerAreStarted() {
        assertThat(gateway.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
        assertThat(gateway.getBeanNamesForType(SmscSimulator.class)).isEmpty();
        assertThat(gateway.getBeanNamesForType(RegisteredClientRepository.class)).isEmpty();
        assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();
        assertThat(client.post("/oauth2/token", null, "grant_type=client_credentials").status()).isIn(401, 404);
    }

    @Test
    void aKeycloakTokenSendsThroughTheCarrierIntoTheExternalDatabase() throws Exception {
        String token = keycloakToken(issuer, realmKey, "profile email messages:send messages:read", "acme");

        GatewayClient.Response accepted = client.sendMessage(token, "+15551234567", "+15557654321", "via the carrier");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        Eventually.await(Duration.ofSeconds(15), "delivered", () -> {
            GatewayClient.Response message = client.get("/v1/messages/" + id, token);
            return "delivered".equals(message.json().path("status").asString()) ? Optional.of(message) : Optional.empty();
        });
        assertThat(carrier.received()).anyMatch(r -> r.text().equals("via the carrier"));
        try (var connection = externalDatabase.getPostgresDatabase().getConnection();
             var statement = connection.prepareStatement(
                     "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")) {
            statement.setString(1, id);
            var rows = statement.executeQuery();
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(5);
        }
    }

    @Test
    void theRoleTheGatewayRunsAsCanAppendButNeitherChangeNorRemoveTheRecords() throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(
                externalDatabase.getJdbcUrl("postgres", "postgres").replace("user=postgres", "user=gateway_app"),
                "gateway_app", "app-secret");
             var statement = connection.createStatement()) {
            for (String change : List.of("UPDATE domain_event_entry SET payload = payload",
                    "DELETE FROM domain_event_entry", "TRUNCATE domain_event_entry", "DELETE FROM audit_entry",
                    "UPDATE audit_entry SET summary = summary", "DELETE FROM audit_checkpoint", "DELETE FROM account_event",
                    "ALTER TABLE audit_entry DISABLE TRIGGER USER", "DROP TABLE audit_entry")) {
                assertThatThrownBy(() -> statement.execute(change)).as(change)
                        .isInstanceOf(java.sql.SQLException.class)
                        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("permission denied", "must be owner"));
            }
            // and what it needs to work is granted: it reads and appends, and it keeps its work tables
            statement.execute("SELECT count(*) FROM domain_event_entry");
            statement.execute("UPDATE token_entry SET owner = owner WHERE false");
            statement.execute("DELETE FROM idempotency_key WHERE false");
            // every work table the gateway updates or deletes from, the SMPP server's, the costs' and the console's too
            for (String table : List.of("smpp_client_credential", "smpp_client_message", "smpp_client_cursor",
                    "smpp_client_part", "spend_limit", "account_spend", "registry_entry", "bulk_send", "bulk_send_row",
                    "webhook_delivery", "delivery_status", "carrier_correlation")) {
                statement.execute("UPDATE " + table + " SET " + firstColumnOf(connection, table) + " = "
                        + firstColumnOf(connection, table) + " WHERE false");
                statement.execute("DELETE FROM " + table + " WHERE false");
            }
            for (String table : List.of("delivery_status", "message_timeline", "message_charge", "consent_ledger")) {
                try (var privilege = connection.prepareStatement("SELECT has_table_privilege(?, 'TRUNCATE')")) {
                    privilege.setString(1, table);
                    try (var result = privilege.executeQuery()) {
                        assertThat(result.next() && result.getBoolean(1)).as("TRUNCATE " + table).isTrue();
                    }
                }
            }
        }
    }

    private static String firstColumnOf(java.sql.Connection connection, String table) throws java.sql.SQLException {
        try (var columns = connection.getMetaData().getColumns(null, "public", table, null)) {
            assertThat(columns.next()).as(table).isTrue();
            return columns.getString("COLUMN_NAME");
        }
    }

    @Test
    void aKeycloakTokenWithoutTheSendScopeIsForbidden() throws Exception {
        String token = keycloakToken(issuer, realmKey, "profile messages:read", "acme");

        assertThat(client.sendMessage(token, "+15551234567", "+15557654321", "no").status()).isEqualTo(403);
    }

    @Test
    void aTokenFromAnotherIssuerOrSignedByAnotherKeyIsRefused() throws Exception {
        String wrongIssuer = keycloakToken("http://127.0.0.1:1/realms/other", realmKey, "messages:send", "acme");
        String wrongKey = keycloakToken(issuer, new RSAKeyGenerator(2048).keyID("realm-key").generate(),
                "messages:send", "acme");

        assertThat(client.sendMessage(wrongIssuer, "+15551234567", "+15557654321", "no").status()).isEqualTo(401);
        assertThat(client.sendMessage(wrongKey, "+15551234567", "+15557654321", "no").status()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutAnAccountClaimIsForbidden() throws Exception {
        String token = keycloakToken(issuer, realmKey, "messages:send", null);

        GatewayClient.Response response = client.sendMessage(token, "+15551234567", "+15557654321", "no");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).contains("account");
    }
}
