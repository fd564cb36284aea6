package io.attest.gateway.infrastructure.smpp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserDataHeaderTest {

    @Test
    void readsAnEightBitConcatenationHeader() {
        byte[] userData = {0x05, 0x00, 0x03, 0x2A, 0x03, 0x02, 'h', 'i'};
        UserDataHeader header = UserDataHeader.parse(userData);
        assertThat(header).isEqualTo(new UserDataHeader(6, 0x2A, 3, 2));
        assertThat(header.text(userData)).containsExactly('h', 'i');
    }

    @Test
    void readsASixteenBitReferenceAfterAnotherElement() {
        // a port element (0x05, 4 octets) first, then concatenation with a 16-bit reference
        byte[] userData = {0x0C, 0x05, 0x04, 0x0B, (byte) 0x84, 0x23, (byte) 0xF0, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01, 'x'};
        assertThat(UserDataHeader.parse(userData)).isEqualTo(new UserDataHeader(13, 0x1234, 2, 1));
    }

    @Test
    void aHeaderWithoutConcatenationOrCutShortIsOneSegment() {
        assertThat(UserDataHeader.parse(new byte[] {0x02, 0x70, 0x00, 'a'})).isEqualTo(new UserDataHeader(3, 0, 1, 1));
        assertThat(UserDataHeader.parse(new byte[] {0x05, 0x00, 0x03, 0x01})).isEqualTo(new UserDataHeader(4, 0, 1, 1));
        assertThat(UserDataHeader.parse(new byte[0])).isEqualTo(new UserDataHeader(0, 0, 1, 1));
    }
}
