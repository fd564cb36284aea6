package io.attest.gateway.infrastructure.adapter.out.persistence;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** AES-256-GCM as the gateway stores secrets and texts: a fresh 12-byte nonce, then the ciphertext with its tag. */
final class AesGcm {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /*
     * One cipher object per thread, initialised afresh (key, nonce, mode) for each text: looking the algorithm up among
     * the security providers cost more than sealing a message's text. A cipher is not shareable between threads. After
     * each text it is initialised with a key of zeros, so a thread's cipher never keeps a real key once it is done with
     * it: a day's text key that is destroyed must not live on in an idle thread.
     */
    private static final SecretKeySpec NO_KEY = new SecretKeySpec(new byte[32], "AES");
    private static final GCMParameterSpec NO_NONCE = new GCMParameterSpec(TAG_BITS, new byte[NONCE_BYTES]);
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/GCM", e);
        }
    });

    private AesGcm() {
    }

    /** The nonce followed by the ciphertext of {@code plain}, authenticated with {@code aad}. */
    static byte[] seal(SecretKeySpec key, byte[] aad, byte[] plain, SecureRandom random) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = CIPHERS.get();
        byte[] sealed;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            sealed = cipher.doFinal(plain);
        } finally {
            forgetKey(cipher);
        }
        byte[] stored = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
        return stored;
    }

    /** The plain bytes of what {@link #seal} stored; fails when the key, the aad or the bytes are not the ones sealed. */
    static byte[] open(SecretKeySpec key, byte[] aad, byte[] stored) throws GeneralSecurityException {
        Cipher cipher = CIPHERS.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } finally {
            forgetKey(cipher);
        }
    }

    /** This thread's cipher object, to see what it holds between texts. */
    static Cipher threadCipher() {
        return CIPHERS.get();
    }

    /** Replaces the key the cipher holds with zeros (decryption mode: no nonce-reuse rule applies to it). */
    private static void forgetKey(Cipher cipher) throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, NO_KEY, NO_NONCE);
    }
}
