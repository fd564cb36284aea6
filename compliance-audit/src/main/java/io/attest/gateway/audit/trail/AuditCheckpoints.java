package io.attest.gateway.audit.trail;

import io.attest.gateway.application.audit.port.in.AuditCheckpointQuery;
import io.attest.gateway.application.audit.port.in.VerifyAuditTrailQuery;
import io.attest.gateway.audit.signing.AuditSigner;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.attest.gateway.audit.jooq.Tables.AUDIT_CHECKPOINT;
import static io.attest.gateway.audit.jooq.Tables.AUDIT_ENTRY;

/**
 * Signs each account's chain head now and then (docs/audit-chain.md), and checks the chain together with every
 * checkpoint: a checkpoint whose signature does not verify, or whose hash is not the chain's hash at its entry,
 * is reported, as is a chain shorter than its newest checkpoint.
 */
public class AuditCheckpoints implements AuditCheckpointQuery, VerifyAuditTrailQuery {

    public static final String FORMAT = "attest-audit-checkpoint/v1";

    private final DSLContext db;
    private final AuditSigner signer;
    private final AuditTrailQueries trail;
    private final java.util.Map<String, java.security.PublicKey> earlierKeys;

    public AuditCheckpoints(DSLContext db, AuditSigner signer, AuditTrailQueries trail) {
        this(db, signer, trail, java.util.Map.of());
    }

    /**
     * @param earlierKeys the public keys the deployment signed with before this one (a rotation), by key id: their
     *                    checkpoints still verify
     */
    public AuditCheckpoints(DSLContext db, AuditSigner signer, AuditTrailQueries trail,
                            java.util.Map<String, java.security.PublicKey> earlierKeys) {
        this.db = db;
        this.signer = signer;
        this.trail = trail;
        this.earlierKeys = java.util.Map.copyOf(earlierKeys);
    }

    /**
     * The ids of keys that signed checkpoints in this database and that this gateway neither signs with nor knows as an
     * earlier key: a node with such a key set would make the chain unverifiable for the others.
     */
    public java.util.List<String> unknownSigningKeys() {
        return db.selectDistinct(AUDIT_CHECKPOINT.KEY_ID).from(AUDIT_CHECKPOINT).fetch(AUDIT_CHECKPOINT.KEY_ID).stream()
                .filter(id -> !id.equals(signer.keyId()) && !earlierKeys.containsKey(id)).sorted().toList();
    }

    /** The exact text a checkpoint's signature covers. */
    public static String signedText(String accountId, long entryNumber, String headHash, Instant createdAt) {
        return FORMAT + "\n" + accountId + "\n" + entryNumber + "\n" + headHash + "\n"
                + AuditChain.isoMillis(createdAt.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Signs the head of every account whose chain grew since its last checkpoint; returns how many it signed. */
    public int checkpointAll(Instant now) {
        var heads = db.select(AUDIT_ENTRY.ACCOUNT_ID, org.jooq.impl.DSL.max(AUDIT_ENTRY.ENTRY_NUMBER))
                .from(AUDIT_ENTRY).groupBy(AUDIT_ENTRY.ACCOUNT_ID).fetchMap(AUDIT_ENTRY.ACCOUNT_ID,
                        org.jooq.impl.DSL.max(AUDIT_ENTRY.ENTRY_NUMBER));
        Map<String, Long> signed = db.select(AUDIT_CHECKPOINT.ACCOUNT_ID, org.jooq.impl.DSL.max(AUDIT_CHECKPOINT.ENTRY_NUMBER))
                .from(AUDIT_CHECKPOINT).groupBy(AUDIT_CHECKPOINT.ACCOUNT_ID).fetchMap(AUDIT_CHECKPOINT.ACCOUNT_ID,
                        org.jooq.impl.DSL.max(AUDIT_CHECKPOINT.ENTRY_NUMBER));
        int count = 0;
        for (var head : heads.entrySet()) {
            if (head.getValue() > signed.getOrDefault(head.getKey(), 0L)) {
                sign(head.getKey(), head.getValue(), now);
                count++;
            }
        }
        return count;
    }

    /** A checkpoint of the account's current head: the newest one if the chain has not grown since, else a new one. */
    public Optional<Checkpoint> checkpointNow(AccountId account, Instant now) {
        Long head = db.select(org.jooq.impl.DSL.max(AUDIT_ENTRY.ENTRY_NUMBER)).from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.ACCOUNT_ID.eq(account.value())).fetchOne(0, Long.class);
        if (head == null) {
            return Optional.empty();
        }
        var existing = db.selectFrom(AUDIT_CHECKPOINT)
                .where(AUDIT_CHECKPOINT.ACCOUNT_ID.eq(account.value()), AUDIT_CHECKPOINT.ENTRY_NUMBER.eq(head))
                .fetchOptional(AuditCheckpoints::checkpoint);
        return existing.isPresent() ? existing : Optional.of(sign(account.value(), head, now));
    }

    private Checkpoint sign(String account, long entryNumber, Instant now) {
        String hash = db.select(AUDIT_ENTRY.ENTRY_HASH).from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.ACCOUNT_ID.eq(account), AUDIT_ENTRY.ENTRY_NUMBER.eq(entryNumber))
                .fetchOne(AUDIT_ENTRY.ENTRY_HASH);
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        String text = signedText(account, entryNumber, hash, at);
        String signature = signer.sign(text);
        db.insertInto(AUDIT_CHECKPOINT)
                .set(AUDIT_CHECKPOINT.ACCOUNT_ID, account)
                .set(AUDIT_CHECKPOINT.ENTRY_NUMBER, entryNumber)
                .set(AUDIT_CHECKPOINT.HEAD_HASH, hash)
                .set(AUDIT_CHECKPOINT.CREATED_AT, at.atOffset(ZoneOffset.UTC))
                .set(AUDIT_CHECKPOINT.KEY_ID, signer.keyId())
                .set(AUDIT_CHECKPOINT.SIGNATURE, signature)
                .onConflictDoNothing()
                .execute();
        // another node may have signed this head a moment earlier: what is stored is what counts
        return db.selectFrom(AUDIT_CHECKPOINT)
                .where(AUDIT_CHECKPOINT.ACCOUNT_ID.eq(account), AUDIT_CHECKPOINT.ENTRY_NUMBER.eq(entryNumber))
                .fetchOne(AuditCheckpoints::checkpoint);
    }

    @Override
    public List<Checkpoint> checkpoints(AccountId account, long afterEntry, int limit) {
        return db.selectFrom(AUDIT_CHECKPOINT)
                .where(AUDIT_CHECKPOINT.ACCOUNT_ID.eq(account.value()), AUDIT_CHECKPOINT.ENTRY_NUMBER.gt(afterEntry))
                .orderBy(AUDIT_CHECKPOINT.ENTRY_NUMBER).limit(limit)
                .fetch(AuditCheckpoints::checkpoint);
    }

    private static Checkpoint checkpoint(io.attest.gateway.audit.jooq.tables.records.AuditCheckpointRecord r) {
        Instant at = r.getCreatedAt().toInstant();
        return new Checkpoint(r.getAccountId(), r.getEntryNumber(), r.getHeadHash(), at, r.getKeyId(),
                r.getSignature(), signedText(r.getAccountId(), r.getEntryNumber(), r.getHeadHash(), at));
    }

    @Override
    public SigningKey signingKey() {
        return new SigningKey(signer.keyId(), "Ed25519", signer.publicKeyPem());
    }

    @Override
    public ChainStatus verify(AccountId account) {
        AuditChain.Verification chain = trail.verify(account);
        var rows = db.select(AUDIT_CHECKPOINT.asterisk(), AUDIT_ENTRY.ENTRY_HASH).from(AUDIT_CHECKPOINT)
                .leftJoin(AUDIT_ENTRY).on(AUDIT_ENTRY.ACCOUNT_ID.eq(AUDIT_CHECKPOINT.ACCOUNT_ID)
                        .and(AUDIT_ENTRY.ENTRY_NUMBER.eq(AUDIT_CHECKPOINT.ENTRY_NUMBER)))
                .where(AUDIT_CHECKPOINT.ACCOUNT_ID.eq(account.value()))
                .orderBy(AUDIT_CHECKPOINT.ENTRY_NUMBER)
                .fetch();
        long checked = 0;
        for (var row : rows) {
            Checkpoint checkpoint = checkpoint(row.into(AUDIT_CHECKPOINT));
            String problem = problem(checkpoint, row.get(AUDIT_ENTRY.ENTRY_HASH));
            if (problem != null) {
                return status(chain, checked, checkpoint.entryNumber(), problem);
            }
            checked++;
        }
        return status(chain, checked, null, null);
    }

    private String problem(Checkpoint checkpoint, String chainHash) {
        java.security.PublicKey key = checkpoint.keyId().equals(signer.keyId()) ? signer.publicKey()
                : earlierKeys.get(checkpoint.keyId());
        if (key == null) {
            return "checkpoint at entry " + checkpoint.entryNumber() + " names key " + checkpoint.keyId()
                    + ", which this gateway does not know: it signs with " + signer.keyId()
                    + " and knows no earlier key of that id (gateway.audit.verification-keys)";
        }
        if (!AuditSigner.verify(key, checkpoint.signedText(), checkpoint.signature())) {
            return "checkpoint at entry " + checkpoint.entryNumber() + " is forged: its signature does not verify";
        }
        if (chainHash == null) {
            return "checkpoint at entry " + checkpoint.entryNumber() + " is past the end of the chain: entries were removed";
        }
        if (!chainHash.equals(checkpoint.headHash())) {
            return "checkpoint at entry " + checkpoint.entryNumber() + " signed a different chain: the entries up to it "
                    + "were rewritten";
        }
        return null;
    }

    private static ChainStatus status(AuditChain.Verification chain, long checkpointsChecked, Long badCheckpoint,
                                      String checkpointProblem) {
        boolean valid = chain.valid() && badCheckpoint == null;
        return new ChainStatus(chain.accountId(), valid, chain.entriesChecked(), chain.firstBrokenEntry(),
                chain.problem() != null ? chain.problem() : checkpointProblem, chain.head(), checkpointsChecked,
                badCheckpoint);
    }
}
