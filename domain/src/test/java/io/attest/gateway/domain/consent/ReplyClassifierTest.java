package io.attest.gateway.domain.consent;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** The reply classifier against its corpus (src/test/resources/reply-corpus.txt). */
class ReplyClassifierTest {

    @TestFactory
    List<DynamicTest> readsEveryCorpusReplyAsExpected() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader corpus = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("/reply-corpus.txt")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = corpus.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf('|');
                ReplyIntent.Kind expected = ReplyIntent.Kind.valueOf(line.substring(0, bar).trim());
                String reply = line.substring(bar + 1).stripLeading();
                tests.add(DynamicTest.dynamicTest(expected + " <- \"" + reply + "\"",
                        () -> assertThat(ReplyClassifier.classify(reply).kind()).as(reply).isEqualTo(expected)));
            }
        }
        assertThat(tests).hasSizeGreaterThan(80);
        return tests;
    }

    @Test
    void namesTheRuleThatMatched() {
        assertThat(ReplyClassifier.classify("Stop!").matchedRule()).isEqualTo("keyword:STOP");
        assertThat(ReplyClassifier.classify("stpo").matchedRule()).isEqualTo("misspelling:STOP");
        assertThat(ReplyClassifier.classify("please stop texting me").matchedRule()).isEqualTo("phrase:stop-contacting-me");
        assertThat(ReplyClassifier.classify("take me off your list").matchedRule()).isEqualTo("phrase:remove-me");
        assertThat(ReplyClassifier.classify("no más").matchedRule()).isEqualTo("phrase:spanish-no-mas");
        assertThat(ReplyClassifier.classify("hello").matchedRule()).isNull();
    }

    @Test
    void foldsCaseAccentsAndPunctuation() {
        assertThat(ReplyClassifier.normalise("  ¡NO MÁS, por favor!  ")).isEqualTo("no mas por favor");
    }
}
