package io.attest.gateway.infrastructure.adapter.out.persistence;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

import static io.attest.gateway.infrastructure.jooq.Tables.WEBHOOK_SECRET;

/**
 * What a node checks of the stored webhook secrets when it starts: that its key reads them, and that none is left in
 * plain text (those stored before secrets were encrypted are encrypted once).
 */
public final class WebhookSecretsAtRest {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecretsAtRest.class);

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final SecretCipher secrets;

    public WebhookSecretsAtRest(DSLContext db, PlatformTransactionManager transactionManager, SecretCipher secrets) {
        this.db = db;
        this.tx = Transactions.ownTransaction(transactionManager);
        this.secrets = secrets;
    }

    /**
     * A node whose key cannot read the secrets the others stored would sign nothing any receiver accepts: it does not
     * start, and is told which key to share.
     */
    public void refuseSecretsOfAnotherKey() {
        List<String> others = new ArrayList<>();
        for (String stored : db.selectDistinct(WEBHOOK_SECRET.SECRET).from(WEBHOOK_SECRET)
                .where(WEBHOOK_SECRET.SECRET.like(SecretCipher.PREFIX + "%")).fetch(WEBHOOK_SECRET.SECRET)) {
            String keyId = SecretCipher.keyIdOf(stored);
            if (!secrets.keyId().equals(keyId) && !others.contains(keyId)) {
                others.add(keyId);
            }
        }
        if (!others.isEmpty()) {
            throw new IllegalStateException("The webhook secrets in this database are encrypted with key(s) " + others
                    + " that this node does not have (its key is " + secrets.keyId() + "). Every node of a deployment"
                    + " encrypts with the same key: give this node the others' key file (gateway.webhooks.secret-key-file;"
                    + " on the embedded default the first node's <gateway.data-dir>/webhook-secret-key)");
        }
    }

    /** Encrypts the secrets stored in plain text. @return how many */
    public int encryptPlainSecrets() {
        Integer encrypted = tx.execute(status -> {
            int count = 0;
            for (var row : db.select(WEBHOOK_SECRET.ID, WEBHOOK_SECRET.SECRET).from(WEBHOOK_SECRET)
                    .where(WEBHOOK_SECRET.SECRET.notLike(SecretCipher.PREFIX + "%")).forUpdate().fetch()) {
                count += db.update(WEBHOOK_SECRET).set(WEBHOOK_SECRET.SECRET, secrets.encrypt(row.value2()))
                        .where(WEBHOOK_SECRET.ID.eq(row.value1())).execute();
            }
            return count;
        });
        int count = encrypted == null ? 0 : encrypted;
        if (count > 0) {
            log.info("{} webhook secret(s) stored in plain text encrypted with key {}", count, secrets.keyId());
        }
        return count;
    }
}
