package io.attest.gateway.infrastructure.adapter.out.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@org.junit.jupiter.api.Tag("security")
class SecretCipherTest {

    @TempDir
    Path dir;

    @Test
    void aSecretIsStoredEncryptedUnderItsKeyIdAndReadBack() {
        SecretCipher cipher = SecretCipher.fromFile(dir.resolve("key"), true);
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

        String once = cipher.encrypt(secret);
        String twice = cipher.encrypt(secret);

        assertThat(once).startsWith("enc:v1:" + cipher.keyId() + ":").doesNotContain("MfKQ9r8GKYqr");
        assertThat(twice).as("a fresh nonce each time").isNotEqualTo(once);
        assertThat(cipher.decrypt(once)).isEqualTo(secret);
        assertThat(cipher.decrypt(twice)).isEqualTo(secret);
        assertThat(cipher.decrypt("whsec_stored-before")).as("a value stored in plain text before")
                .isEqualTo("whsec_stored-before");
    }

    @Test
    void aChangedValueOrAnotherKeyDoesNotDecrypt() {
        SecretCipher cipher = SecretCipher.fromFile(dir.resolve("key"), true);
        SecretCipher other = SecretCipher.fromFile(dir.resolve("other"), true);
        String stored = cipher.encrypt("whsec_abc");
        int at = stored.length() - 4;
        String changed = stored.substring(0, at) + (stored.charAt(at) == 'A' ? 'B' : 'A') + stored.substring(at + 1);

        assertThatThrownBy(() -> cipher.decrypt(changed)).hasMessageContaining("was changed");
        assertThatThrownBy(() -> other.decrypt(stored)).hasMessageContaining("encrypted with key " + cipher.keyId());
    }

    @Test
    void theKeyFileIsMadeOnceReadableByItsOwnerOnlyAndRequiredWhereNotMade() throws Exception {
        Path file = dir.resolve("data").resolve("webhook-secret-key");
        SecretCipher made = SecretCipher.fromFile(file, true);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretCipher.fromFile(file, false).keyId()).isEqualTo(made.keyId());
        assertThatThrownBy(() -> SecretCipher.fromFile(dir.resolve("missing"), false))
                .hasMessageContaining("does not exist (gateway.webhooks.secret-key-file)");
    }
}
