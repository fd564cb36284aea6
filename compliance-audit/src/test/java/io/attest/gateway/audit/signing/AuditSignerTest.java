package io.attest.gateway.audit.signing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditSignerTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsKeptAndTheSameKeyIsLoadedNextTime() throws Exception {
        Path file = dir.resolve("key.pem");
        AuditSigner first = AuditSigner.fromFile(file, true);
        AuditSigner again = AuditSigner.fromFile(file, false);

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(again.keyId()).isEqualTo(first.keyId()).hasSize(16);
        assertThat(again.publicKey()).isEqualTo(first.publicKey());
        String signature = first.sign("checkpoint");
        assertThat(AuditSigner.verify(again.publicKey(), "checkpoint", signature)).isTrue();
        assertThat(AuditSigner.verify(again.publicKey(), "checkpoinT", signature)).isFalse();
    }

    @Test
    void theKeyOfAnOperatorsPemIsDerivedFromThePrivateKeyAlone() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        AuditSigner signer = AuditSigner.fromPem(pem);

        assertThat(signer.publicKey()).isEqualTo(pair.getPublic());
        assertThat(AuditSigner.publicKeyFromPem(signer.publicKeyPem())).isEqualTo(pair.getPublic());
    }

    @Test
    void aMissingKeyIsAnErrorWhenItMayNotBeGenerated() {
        assertThatThrownBy(() -> AuditSigner.fromFile(dir.resolve("absent.pem"), false))
                .hasMessageContaining("does not exist");
    }
}
