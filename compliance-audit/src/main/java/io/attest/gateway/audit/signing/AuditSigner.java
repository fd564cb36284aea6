package io.attest.gateway.audit.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The gateway's Ed25519 audit key: it signs chain checkpoints and export bundles. Loaded from a PKCS#8 PEM file;
 * on the embedded default the file is generated in the data directory the first time (readable by its owner
 * only). The key id is the first 16 hex digits of the SHA-256 of the public key's X.509 encoding.
 */
public final class AuditSigner {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private AuditSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyIdOf(publicKey);
    }

    /** Reads the key from the file, or (when it does not exist and generating is allowed) creates it there. */
    public static AuditSigner fromFile(Path keyFile, boolean generateIfMissing) {
        try {
            if (!Files.exists(keyFile)) {
                if (!generateIfMissing) {
                    throw new IllegalStateException("audit signing key " + keyFile + " does not exist");
                }
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // best effort on file systems without POSIX permissions
                }
                return new AuditSigner(pair.getPrivate(), pair.getPublic());
            }
            return fromPem(Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the audit signing key from " + keyFile, e);
        }
    }

    /** A PKCS#8 "PRIVATE KEY" PEM of an Ed25519 key (as {@code openssl genpkey -algorithm ed25519} writes). */
    public static AuditSigner fromPem(String pem) {
        try {
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(decodePem(pem, "PRIVATE KEY")));
            return new AuditSigner(privateKey, publicKeyOf(privateKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the audit signing key is not an Ed25519 PKCS#8 key", e);
        }
    }

    /** Ed25519 private keys do not expose their public half through the JCA: derive it by a sign/verify probe. */
    private static PublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
        // The PKCS#8 v2 encoding may carry the public key; Java writes v1 without it. The public key is the
        // scalar multiple of the base point by the clamped hash of the seed: computed by the JDK's EdDSA
        // implementation through a KeyPairGenerator seeded with the private key bytes.
        byte[] encoded = privateKey.getEncoded();
        byte[] seed = new byte[32];
        System.arraycopy(encoded, encoded.length - 32, seed, 0, 32);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(new java.security.spec.NamedParameterSpec("Ed25519"), new FixedSeed(seed));
        KeyPair pair = generator.generateKeyPair();
        if (!java.util.Arrays.equals(pair.getPrivate().getEncoded(), encoded)) {
            throw new GeneralSecurityException("unexpected Ed25519 private key encoding");
        }
        return pair.getPublic();
    }

    /** Hands out the given seed as the "random" bytes of key generation, so the key pair is the stored one. */
    private static final class FixedSeed extends java.security.SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as an X.509 SubjectPublicKeyInfo PEM, for verifiers. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** Base64 of the Ed25519 signature of the bytes. */
    public String sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public String sign(String text) {
        return sign(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- verification, usable without the private key (the offline verifier)

    public static PublicKey publicKeyFromPem(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(decodePem(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key PEM", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] data, String base64Signature) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static boolean verify(PublicKey key, String text, String base64Signature) {
        return verify(key, text.getBytes(StandardCharsets.UTF_8), base64Signature);
    }

    public static String keyIdOf(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] decodePem(String pem, String type) {
        String body = pem.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
