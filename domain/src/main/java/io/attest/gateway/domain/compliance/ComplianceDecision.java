package io.attest.gateway.domain.compliance;

import java.time.Instant;
import java.util.List;

/** What the send policy decided for one message, with the rule and the facts it used. */
public sealed interface ComplianceDecision {

    /** The facts the decision used, in words, for the audit trail. */
    String inputs();

    /** @param checks the rules checked and passed (ids), in order */
    record Allowed(List<String> checks, String inputs) implements ComplianceDecision {
    }

    record Blocked(ComplianceRule rule, String reason, String inputs) implements ComplianceDecision {
    }

    /** Held until the recipient's sending window opens; released then, or expired if validity ends first. */
    record Held(ComplianceRule rule, Instant until, String reason, String inputs) implements ComplianceDecision {
    }
}
