package io.attest.gateway.domain.campaign;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a campaign tells the registry and its subscribers. Checked when registered: at least two sample
 * messages, each with opt-out language; a HELP reply that names how to opt out and that rates may apply;
 * the opt-in flow and the opt-in text shown to subscribers; a STOP confirmation.
 */
public record CampaignTerms(String description, List<String> sampleMessages, String optInFlow, String optInText,
                            String helpReply, String stopConfirmation, String messageFrequency) {

    private static final Pattern OPT_OUT_LANGUAGE = Pattern.compile(
            "\\b(stop|unsubscribe|opt[ -]?out|cancel|end|quit)\\b");

    public CampaignTerms {
        require(description, "description");
        require(optInFlow, "opt-in flow description");
        require(optInText, "opt-in text shown to subscribers");
        require(helpReply, "HELP reply");
        require(stopConfirmation, "STOP confirmation");
        require(messageFrequency, "message frequency");
        if (sampleMessages == null || sampleMessages.size() < 2) {
            throw invalid("at least 2 sample messages are required");
        }
        sampleMessages = List.copyOf(sampleMessages);
        for (int i = 0; i < sampleMessages.size(); i++) {
            if (!hasOptOutLanguage(sampleMessages.get(i))) {
                throw invalid("sample message " + (i + 1) + " has no opt-out language (e.g. 'Reply STOP to opt out')");
            }
        }
        if (!hasOptOutLanguage(helpReply)) {
            throw invalid("the HELP reply must say how to opt out (e.g. 'Reply STOP to cancel')");
        }
        if (!helpReply.toLowerCase(Locale.ROOT).contains("rates may apply")) {
            throw invalid("the HELP reply must say 'Msg & data rates may apply'");
        }
        if (!hasOptOutLanguage(optInText)) {
            throw invalid("the opt-in text must say how to opt out");
        }
    }

    public static boolean hasOptOutLanguage(String text) {
        return text != null && OPT_OUT_LANGUAGE.matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw invalid(what + " is required");
        }
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(ErrorCode.INVALID_CAMPAIGN, message);
    }
}
