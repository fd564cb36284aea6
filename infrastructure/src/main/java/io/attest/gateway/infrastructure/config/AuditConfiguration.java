package io.attest.gateway.infrastructure.config;

import io.attest.gateway.audit.export.AuditExports;
import io.attest.gateway.audit.export.BundleWriter;
import io.attest.gateway.audit.ledger.ConsentLedgerQueries;
import io.attest.gateway.audit.signing.AuditSigner;
import io.attest.gateway.audit.trail.AuditCheckpoints;
import io.attest.gateway.audit.trail.AuditTrailQueries;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The audit side: the Ed25519 key (from {@code gateway.audit.signing-key-file}; generated in the data directory on
 * the embedded default), signed checkpoints every {@code gateway.audit.checkpoint-interval}, the consent ledger,
 * and bundle exports written one at a time into {@code <data-dir>/exports}.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    public AuditSigner auditSigner(@Value("${gateway.data-dir:./data}") Path dataDir,
                                   @Value("${gateway.audit.signing-key-file:}") String keyFile,
                                   @Value("${gateway.audit.generate-signing-key:false}") boolean generate) {
        Path file = keyFile.isBlank() ? dataDir.resolve("audit-signing-key.pem") : Path.of(keyFile);
        AuditSigner signer = AuditSigner.fromFile(file, generate);
        log.info("audit signing key {} (Ed25519) from {}", signer.keyId(), file.toAbsolutePath());
        return signer;
    }

    /**
     * The checkpoints, verified against this node's key and the deployment's earlier ones
     * ({@code gateway.audit.verification-keys}). Start-up stops when the database holds checkpoints signed by a key this
     * node does not know: every node of a deployment signs with the same key, or the chain fails verification on the
     * others.
     */
    @Bean
    public AuditCheckpoints auditCheckpoints(DSLContext db, AuditSigner signer, AuditTrailQueries trail,
                                             @Value("${gateway.audit.verification-keys:}") List<String> keyFiles,
                                             @Value("${gateway.data-dir:./data}") Path dataDir) {
        Map<String, PublicKey> earlier = new LinkedHashMap<>();
        for (String keyFile : keyFiles) {
            if (keyFile.isBlank()) {
                continue;
            }
            try {
                PublicKey key = AuditSigner.publicKeyFromPem(Files.readString(Path.of(keyFile.trim())));
                earlier.put(AuditSigner.keyIdOf(key), key);
                log.info("earlier audit signing key {} (verification only) from {}", AuditSigner.keyIdOf(key), keyFile);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot load the audit verification key " + keyFile
                        + " (gateway.audit.verification-keys): " + e.getMessage(), e);
            }
        }
        AuditCheckpoints checkpoints = new AuditCheckpoints(db, signer, trail, earlier);
        List<String> unknown = checkpoints.unknownSigningKeys();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("The audit checkpoints in this database are signed with key(s) " + unknown
                    + " that this node does not have (it signs with " + signer.keyId() + "). Every node of a deployment"
                    + " signs with the same key: give this node the signing key of the others"
                    + " (gateway.audit.signing-key-file; on the embedded default the first node's "
                    + "<gateway.data-dir>/audit-signing-key.pem). After a key rotation, list the public keys of the"
                    + " earlier keys under gateway.audit.verification-keys. This node's own key file: "
                    + dataDir.resolve("audit-signing-key.pem").toAbsolutePath());
        }
        return checkpoints;
    }

    @Bean
    public ConsentLedgerQueries consentLedgerQueries(DSLContext db) {
        return new ConsentLedgerQueries(db);
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService auditExportWorker() {
        return Executors.newSingleThreadExecutor(Thread.ofPlatform().name("audit-export").daemon(true).factory());
    }

    @Bean
    public AuditExports auditExports(DSLContext db, AuditSigner signer, AuditCheckpoints checkpoints,
                                     EventGateway events, Clock clock, ExecutorService auditExportWorker,
                                     @Value("${gateway.data-dir:./data}") Path dataDir,
                                     @Value("${gateway.audit.retention:P5Y}") Period retention,
                                     io.attest.gateway.infrastructure.cluster.GatewayNode node,
                                     io.attest.gateway.infrastructure.cluster.SegmentBalancer cluster) {
        if (java.time.LocalDate.EPOCH.plus(retention).isBefore(java.time.LocalDate.EPOCH.plusYears(5))) {
            log.warn("gateway.audit.retention is {}: shorter than the 5 years the TCPA limitation period suggests",
                    retention);
        }
        Path exports = dataDir.resolve("exports");
        return new AuditExports(db, new BundleWriter(db, signer, exports.resolve("work")), checkpoints, exports,
                events::publish, clock, auditExportWorker, retention.toString(), node.id(), cluster::isAlive);
    }

    /** Exports queued, or left running by a node that is gone (this one before a restart), are written by this run. */
    @Bean
    public ApplicationRunner resumeAuditExports(AuditExports exports) {
        return (ApplicationArguments args) -> exports.resumeInterrupted();
    }

    /** ... and looked for every minute, so that a node that died mid-export has its job finished by another. */
    @Bean
    public ExportResumer exportResumer(AuditExports exports) {
        return new ExportResumer(exports);
    }

    public static class ExportResumer {

        private final AuditExports exports;

        ExportResumer(AuditExports exports) {
            this.exports = exports;
        }

        @Scheduled(fixedDelayString = "1m", initialDelayString = "1m")
        public void resume() {
            try {
                exports.resumeInterrupted();
            } catch (RuntimeException e) {
                log.warn("looking for interrupted audit exports failed; trying again in a minute: {}", e.toString());
            }
        }
    }

    @Bean
    public CheckpointScheduler checkpointScheduler(AuditCheckpoints checkpoints, Clock clock) {
        return new CheckpointScheduler(checkpoints, clock);
    }

    public static class CheckpointScheduler {

        private final AuditCheckpoints checkpoints;
        private final Clock clock;

        CheckpointScheduler(AuditCheckpoints checkpoints, Clock clock) {
            this.checkpoints = checkpoints;
            this.clock = clock;
        }

        @Scheduled(fixedDelayString = "${gateway.audit.checkpoint-interval:1h}", initialDelayString = "30s")
        public void checkpoint() {
            try {
                int signed = checkpoints.checkpointAll(clock.instant());
                if (signed > 0) {
                    log.info("{} audit chain head(s) signed", signed);
                }
            } catch (RuntimeException e) {
                log.error("signing audit checkpoints failed; trying again at the next interval", e);
            }
        }
    }
}
