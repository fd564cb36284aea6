package io.attest.gateway.application.email;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a mail becomes: the documented rule (docs/email.md#the-text). */
class EmailTextTest {

    @Test
    void thePlainBodyCutAtItsSignature() {
        assertThat(EmailText.of("Disk", "/var is at 97 %\r\non db-3\r\n\r\n-- \r\nOps team\r\n", null))
                .isEqualTo("/var is at 97 %\non db-3");
        assertThat(EmailText.of("x", "Call me\nSent from my iPhone", null)).isEqualTo("Call me");
    }

    @Test
    void aQuotedReplyIsLeftOut() {
        assertThat(EmailText.of("Re: shift", "Yes, Friday works.\n\nOn Mon, 7 Dec 2026 at 10:00, Ann <a@x.example> wrote:\n"
                + "> Can you cover Friday?\n", null)).isEqualTo("Yes, Friday works.");
        assertThat(EmailText.of("", "Done\n-----Original Message-----\nFrom: x", null)).isEqualTo("Done");
        assertThat(EmailText.of("", "Done\n> earlier\nmore", null)).isEqualTo("Done");
    }

    @Test
    void htmlIsStrippedWhenThereIsNoPlainPart() {
        assertThat(EmailText.of("", null, "<html><head><style>p{}</style></head><body><p>Code: <b>4711</b></p>"
                + "<p>Tom &amp; Jerry&nbsp;&#8364;5</p><script>x()</script></body></html>"))
                .isEqualTo("Code: 4711\nTom & Jerry €5");
        assertThat(EmailText.of("", null, "caf&#xE9; &#12a; &#x110000;")).isEqualTo("café &#12a;");
    }

    @Test
    void blankLinesAreMadeOneAndTheSubjectIsTheTextWhenTheBodyHasNone() {
        assertThat(EmailText.of("s", "\n\nfirst\n\n\n\nsecond  \n\n", null)).isEqualTo("first\n\nsecond");
        assertThat(EmailText.of("  Server down  ", "\r\n-- \r\nsig", null)).isEqualTo("Server down");
        assertThat(EmailText.of(null, null, null)).isEmpty();
    }

    @Test
    void feedDataReadsTopLevelStringsOnly() {
        var fields = FeedData.strings("{\"from\":\"+1555\",\"text\":\"a \\\"quote\\\"\\nline \\u00e9\",\"charged\":"
                + "{\"amount\":\"0.01\",\"from\":\"nested\"},\"segments\":2,\"to\":\"+1666\",\"x\":null}");
        assertThat(fields).containsEntry("from", "+1555").containsEntry("to", "+1666")
                .containsEntry("text", "a \"quote\"\nline é").doesNotContainKey("amount").hasSize(3);
    }
}
