package io.attest.gateway.infrastructure.smpp;

import io.attest.gateway.domain.message.Gsm7Alphabet;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class Gsm7PackingTest {

    private static byte[] septets(String text) {
        return Gsm7Alphabet.encodeUnpacked(text);
    }

    @Test
    void packsTheTextbookExample() {
        // 3GPP TS 23.038 style example: "hellohello" is E8329BFD4697D9EC37
        assertThat(HexFormat.of().formatHex(Gsm7Packing.pack(septets("hellohello"), 0))).isEqualToIgnoringCase("E8329BFD4697D9EC37");
        assertThat(Gsm7Alphabet.decodeUnpacked(Gsm7Packing.unpack(HexFormat.of().parseHex("E8329BFD4697D9EC37"), 0)))
                .isEqualTo("hellohello");
    }

    @Test
    void eightSeptetsFillSevenOctetsExactly_andSevenGetACarriageReturnThatIsDropped() {
        assertThat(Gsm7Packing.pack(septets("12345678"), 0)).hasSize(7);
        byte[] seven = Gsm7Packing.pack(septets("1234567"), 0);
        assertThat(seven).hasSize(7);
        assertThat(Gsm7Alphabet.decodeUnpacked(Gsm7Packing.unpack(seven, 0))).isEqualTo("1234567");
        assertThat(Gsm7Alphabet.decodeUnpacked(Gsm7Packing.unpack(Gsm7Packing.pack(septets("1234567@"), 0), 0)))
                .isEqualTo("1234567@");
    }

    @Test
    void afterASixOctetHeaderTheSeptetsStartOneFillBitLater() {
        assertThat(Gsm7Packing.fillBits(6)).isEqualTo(1);
        assertThat(Gsm7Packing.fillBits(7)).isZero();
        String text = "Segment text {with} extension € characters and 153 septets at most";
        byte[] packed = Gsm7Packing.pack(septets(text), 1);
        assertThat(packed.length).isEqualTo((1 + septets(text).length * 7 + 7) / 8);
        assertThat(Gsm7Alphabet.decodeUnpacked(Gsm7Packing.unpack(packed, 1))).isEqualTo(text);
    }

    @Test
    void aFullSegmentOf153SeptetsFitsBesideTheHeaderIn140Octets() {
        byte[] packed = Gsm7Packing.pack(septets("x".repeat(153)), Gsm7Packing.fillBits(6));
        assertThat(6 + packed.length).isEqualTo(140);
        assertThat(Gsm7Packing.pack(septets("y".repeat(160)), 0)).hasSize(140);
    }

    @Test
    void aFullSegmentEndingInACarriageReturnStillFitsIn140Octets() {
        String text = "x".repeat(152) + "\r";
        byte[] packed = Gsm7Packing.pack(septets(text), Gsm7Packing.fillBits(6));
        assertThat(6 + packed.length).isEqualTo(140);
        assertThat(Gsm7Packing.pack(septets("y".repeat(159) + "\r"), 0)).hasSize(140);
    }

    @Test
    void everyLengthRoundTrips() {
        for (int fill = 0; fill < 7; fill++) {
            for (int length = 0; length <= 40; length++) {
                String text = "AbC12 {x} ".repeat(5).substring(0, length);
                assertThat(Gsm7Alphabet.decodeUnpacked(Gsm7Packing.unpack(Gsm7Packing.pack(septets(text), fill), fill)))
                        .as("length %d, fill %d", length, fill).isEqualTo(text);
            }
        }
    }
}
