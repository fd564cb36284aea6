package io.attest.gateway.infrastructure.adapter.out.persistence;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Encrypts the secrets the gateway must keep readable (webhook signing secrets) with AES-256-GCM under one key of the
 * deployment, so that a copy of the database or of its backups does not hand them out. Stored form:
 * {@code enc:v1:<key id>:<base64 of nonce and ciphertext>}; the key id (the first 4 bytes of the key's SHA-256, hex)
 * tells which key a value needs. The key is 32 random bytes, base64, in a file only its owner reads.
 */
public final class SecretCipher {

    static final String PREFIX = "enc:v1:";

    private final SecretKeySpec key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the key is 32 bytes (AES-256), not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.keyId = HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), 4));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the key from the file, or (when it does not exist and generating is allowed) creates it there. */
    public static SecretCipher fromFile(Path keyFile, boolean generateIfMissing) {
        try {
            if (!Files.exists(keyFile)) {
                if (!generateIfMissing) {
                    throw new IllegalStateException("the key that encrypts webhook secrets, " + keyFile
                            + ", does not exist (gateway.webhooks.secret-key-file): every node of a deployment needs"
                            + " the same one; make it with: head -c 32 /dev/urandom | base64 > " + keyFile);
                }
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // best effort on file systems without POSIX permissions
                }
                return new SecretCipher(key);
            }
            return new SecretCipher(Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the key that encrypts webhook secrets from " + keyFile
                    + " (32 random bytes, base64): " + e.getMessage(), e);
        }
    }

    public String keyId() {
        return keyId;
    }

    /** The stored form of a secret. */
    public String encrypt(String secret) {
        try {
            byte[] stored = AesGcm.seal(key, keyId.getBytes(StandardCharsets.US_ASCII),
                    secret.getBytes(StandardCharsets.UTF_8), random);
            return PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    /** The secret of a stored form; a value stored before secrets were encrypted is returned as it is. */
    public String decrypt(String stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        String rest = stored.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String storedKeyId = rest.substring(0, Math.max(colon, 0));
        if (!keyId.equals(storedKeyId)) {
            throw new IllegalStateException("a secret is encrypted with key " + storedKeyId + ", not this node's " + keyId
                    + " (gateway.webhooks.secret-key-file)");
        }
        try {
            return new String(AesGcm.open(key, keyId.getBytes(StandardCharsets.US_ASCII),
                    Base64.getDecoder().decode(rest.substring(colon + 1))), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret does not decrypt with key " + keyId + ": it was changed", e);
        }
    }

    static boolean isEncrypted(String stored) {
        return stored.startsWith(PREFIX);
    }

    /** The key id a stored value names, or null for a value stored in plain text. */
    static String keyIdOf(String stored) {
        if (!isEncrypted(stored)) {
            return null;
        }
        String rest = stored.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }
}
