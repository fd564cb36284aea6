package io.attest.gateway.infrastructure.adapter.out.persistence;

import org.junit.jupiter.api.Test;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AesGcmTest {

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
    private final byte[] aad = "message-1".getBytes(StandardCharsets.UTF_8);

    @Test
    void oneThreadSealsAndOpensManyTextsEachUnderAFreshNonce() throws Exception {
        byte[] first = AesGcm.seal(key, aad, bytes("Your code is 123456"), random);
        byte[] again = AesGcm.seal(key, aad, bytes("Your code is 123456"), random);
        assertThat(again).isNotEqualTo(first); // a fresh nonce each time, on the same cipher object
        for (int i = 0; i < 100; i++) {
            byte[] sealed = AesGcm.seal(key, aad, bytes("text " + i), random);
            assertThat(new String(AesGcm.open(key, aad, sealed), StandardCharsets.UTF_8)).isEqualTo("text " + i);
        }
        assertThat(AesGcm.open(key, aad, first)).isEqualTo(bytes("Your code is 123456"));
    }

    @Test
    void aTextThatFailsToOpenLeavesTheThreadAbleToOpenTheNext() throws Exception {
        byte[] sealed = AesGcm.seal(key, aad, bytes("hello"), random);
        assertThatThrownBy(() -> AesGcm.open(key, bytes("message-2"), sealed)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> AesGcm.open(new SecretKeySpec(bytes("0123456789abcdef0123456789abcdef"), "AES"), aad,
                sealed)).isInstanceOf(AEADBadTagException.class);
        assertThat(AesGcm.open(key, aad, sealed)).isEqualTo(bytes("hello"));
    }

    @Test
    void betweenTextsTheThreadsCipherHoldsTheKeyOfZerosNotTheLastKeyUsed() throws Exception {
        byte[] sealed = AesGcm.seal(key, aad, bytes("a one-time code"), random);
        assertThat(AesGcm.threadCipher().getIV()).isEqualTo(new byte[12]); // set back after sealing
        AesGcm.open(key, aad, sealed);
        assertThat(AesGcm.threadCipher().getIV()).isEqualTo(new byte[12]); // and after opening
        assertThatThrownBy(() -> AesGcm.open(key, bytes("other"), sealed)).isInstanceOf(AEADBadTagException.class);
        assertThat(AesGcm.threadCipher().getIV()).isEqualTo(new byte[12]); // and after a failure
    }

    @Test
    void textsSealedOnOneThreadOpenOnAnother() throws Exception {
        byte[] sealed = AesGcm.seal(key, aad, bytes("across threads"), random);
        byte[][] opened = new byte[1][];
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                opened[0] = AesGcm.open(key, aad, sealed);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        other.join();
        assertThat(opened[0]).isEqualTo(bytes("across threads"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
