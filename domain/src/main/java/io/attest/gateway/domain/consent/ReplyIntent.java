package io.attest.gateway.domain.consent;

/**
 * What a subscriber's reply asks for.
 *
 * @param matchedRule the rule that decided, recorded with the revocation (e.g. {@code keyword:STOP},
 *                    {@code phrase:stop-contacting-me}); null for {@link Kind#NONE}
 */
public record ReplyIntent(Kind kind, String matchedRule) {

    public enum Kind {
        /** Revoke consent (a keyword, or plain words a reasonable person reads as an opt-out). */
        OPT_OUT,
        /** Revoke consent for every program of the brand (STOPALL / STOP ALL). */
        OPT_OUT_ALL,
        /** Opt in again (START, UNSTOP). */
        OPT_IN,
        /** Asks for help (HELP, INFO). */
        HELP,
        /** An ordinary reply. */
        NONE
    }

    public static ReplyIntent none() {
        return new ReplyIntent(Kind.NONE, null);
    }

    public boolean isOptOut() {
        return kind == Kind.OPT_OUT || kind == Kind.OPT_OUT_ALL;
    }
}
