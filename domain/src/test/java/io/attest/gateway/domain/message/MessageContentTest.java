package io.attest.gateway.domain.message;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageContentTest {

    @ParameterizedTest(name = "{0} GSM-7 septets take {1} segment(s)")
    @CsvSource({"1,1", "160,1", "161,2", "306,2", "307,3", "459,3", "460,4", "1530,10"})
    void gsm7SegmentBoundaries(int length, int segments) {
        MessageContent content = MessageContent.of("a".repeat(length));
        assertThat(content.encoding()).isEqualTo(TextEncoding.GSM_7);
        assertThat(content.units()).isEqualTo(length);
        assertThat(content.segments()).isEqualTo(segments);
    }

    @ParameterizedTest(name = "{0} UCS-2 characters take {1} segment(s)")
    @CsvSource({"1,1", "70,1", "71,2", "134,2", "135,3", "670,10"})
    void ucs2SegmentBoundaries(int length, int segments) {
        MessageContent content = MessageContent.of("ж".repeat(length));
        assertThat(content.encoding()).isEqualTo(TextEncoding.UCS_2);
        assertThat(content.segments()).isEqualTo(segments);
    }

    @Test
    void extensionTableCharactersCostTwoSeptets() {
        MessageContent eighty = MessageContent.of("{".repeat(80));
        assertThat(eighty.encoding()).isEqualTo(TextEncoding.GSM_7);
        assertThat(eighty.units()).isEqualTo(160);
        assertThat(eighty.segments()).isEqualTo(1);
        assertThat(MessageContent.of("{".repeat(81)).segments()).isEqualTo(2);
        assertThat(MessageContent.of("^{}\\[~]|€").units()).isEqualTo(18);
    }

    @Test
    void anEscapePairIsNeverSplitAcrossSegments() {
        // 152 + 2 + 152 = 306 septets would fit two segments of 153 if the euro sign could be split
        MessageContent content = MessageContent.of("a".repeat(152) + "€" + "a".repeat(152));
        assertThat(content.units()).isEqualTo(306);
        assertThat(content.segments()).isEqualTo(3);
    }

    @Test
    void anEmojiForcesUcs2AndIsNeverSplitAcrossSegments() {
        MessageContent single = MessageContent.of("😀".repeat(35));
        assertThat(single.encoding()).isEqualTo(TextEncoding.UCS_2);
        assertThat(single.units()).isEqualTo(70);
        assertThat(single.segments()).isEqualTo(1);

        // 66 + 2 + 66 = 134 units would fit two segments of 67 if the surrogate pair could be split
        MessageContent split = MessageContent.of("ж".repeat(66) + "😀" + "ж".repeat(66));
        assertThat(split.segments()).isEqualTo(3);
    }

    @Test
    void namesTheCharactersThatForcedUcs2InOrderOfAppearance() {
        MessageContent content = MessageContent.of("Café ✓ naïve ✓ 😀");
        assertThat(content.encoding()).isEqualTo(TextEncoding.UCS_2);
        assertThat(content.charactersForcingUcs2()).containsExactly("✓", "ï", "😀");
    }

    @Test
    void gsm7AccentedLettersStayGsm7() {
        MessageContent content = MessageContent.of("Café à Zürich, señor: ÄÖÑÜ§¿ £$¥ èéùìò");
        assertThat(content.encoding()).isEqualTo(TextEncoding.GSM_7);
        assertThat(content.charactersForcingUcs2()).isEmpty();
    }

    @Test
    void refusesEmptyAndBlankText() {
        for (String text : new String[] {null, "", "   ", "\n\t"}) {
            assertThatThrownBy(() -> MessageContent.of(text))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.EMPTY_TEXT));
        }
    }

    @Test
    void refusesANulCharacterThatNoDatabaseColumnCouldHold() {
        assertThatThrownBy(() -> MessageContent.of("code \u0000 123"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void refusesTextLongerThanTenSegments() {
        assertThat(MessageContent.of("a".repeat(1530)).segments()).isEqualTo(10);
        assertThatThrownBy(() -> MessageContent.of("a".repeat(1531)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TEXT_TOO_LONG));
        assertThatThrownBy(() -> MessageContent.of("ж".repeat(671)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void gsm7UnpackedEncodingRoundTripsTheWholeAlphabet() {
        String everything = Gsm7Alphabet.BASIC.replace("\u001B", "") + Gsm7Alphabet.EXTENSION;
        byte[] octets = Gsm7Alphabet.encodeUnpacked(everything);
        assertThat(Gsm7Alphabet.decodeUnpacked(octets)).isEqualTo(everything);
        assertThat(octets).hasSize(everything.length() + Gsm7Alphabet.EXTENSION.length());
    }

    @Test
    void gsm7UnpackedEncodingUsesTheGsmCodesNotAscii() {
        assertThat(Gsm7Alphabet.encodeUnpacked("@$_€")).containsExactly(0x00, 0x02, 0x11, 0x1B, 0x65);
        assertThatThrownBy(() -> Gsm7Alphabet.encodeUnpacked("✓")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void measureReportsLengthsBeyondTheLimitWithoutRefusing() {
        MessageContent content = MessageContent.measure("a".repeat(2000));
        assertThat(content.segments()).isEqualTo(14);
        assertThat(content.charactersForcingUcs2()).isEqualTo(List.of());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"short", "x", "€€€ braces {} and [] cost two septets each. "})
    void segmentTextsJoinToTheTextAndMatchTheSegmentCount(String seed) {
        for (int repeat : new int[]{1, 2, 5, 9}) {
            String text = seed.repeat(repeat * 7);
            MessageContent content = MessageContent.measure(text);
            java.util.List<String> parts = content.segmentTexts();

            assertThat(String.join("", parts)).isEqualTo(text);
            assertThat(parts).hasSize(content.segments());
            if (parts.size() > 1) {
                assertThat(parts).allSatisfy(part -> assertThat(MessageContent.measure(part).units())
                        .isLessThanOrEqualTo(content.encoding().concatenatedSegmentUnits()));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aSurrogatePairIsNeverCutBetweenTwoSegments() {
        String text = "a" + "😀".repeat(40);
        var parts = MessageContent.measure(text).segmentTexts();

        assertThat(parts).hasSize(2);
        assertThat(parts).allSatisfy(part -> assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1))).isFalse());
    }
}
