package io.attest.gateway.infrastructure.simulator;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * The built-in carrier SMSC simulator. Outcome rules are tried in order against the destination number
 * (E.164, with its plus sign); the first match decides, and a message no rule matches is delivered.
 */
@ConfigurationProperties("gateway.simulator")
public record SimulatorProperties(Boolean enabled, Integer port, String systemId, String password,
                                  Duration receiptDelay, List<Rule> rules, Integer maxSubmitsPerSecond,
                                  Duration responseDelay, Boolean receiptsBeforeResponses, Boolean reverseSegmentReceipts,
                                  Boolean gsm7Packed, Integer dropConnectionsWhenOutstanding, Duration malformedPduInterval,
                                  Integer throttleAfter) {

    /** @param maxSubmitsPerSecond submits beyond this many in one second are answered ESME_RTHROTTLED; 0 for no limit */
    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public SimulatorProperties {
        maxSubmitsPerSecond = maxSubmitsPerSecond == null ? 0 : maxSubmitsPerSecond;
        responseDelay = responseDelay == null ? Duration.ZERO : responseDelay;
        receiptsBeforeResponses = receiptsBeforeResponses != null && receiptsBeforeResponses;
        reverseSegmentReceipts = reverseSegmentReceipts != null && reverseSegmentReceipts;
        gsm7Packed = gsm7Packed != null && gsm7Packed;
        dropConnectionsWhenOutstanding = dropConnectionsWhenOutstanding == null ? 0 : dropConnectionsWhenOutstanding;
        throttleAfter = throttleAfter == null ? -1 : throttleAfter;
        enabled = enabled == null || enabled;
        port = port == null ? 2775 : port;
        systemId = systemId == null ? "attest" : systemId;
        password = password == null ? "attest" : password;
        receiptDelay = receiptDelay == null ? Duration.ofMillis(200) : receiptDelay;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public SimulatorProperties(Boolean enabled, Integer port, String systemId, String password, Duration receiptDelay,
                               List<Rule> rules) {
        this(enabled, port, systemId, password, receiptDelay, rules, null, null, null, null, null, null, null, null);
    }

    /** @param destination a regular expression matched against the whole E.164 destination */
    public record Rule(String destination, SimulatedOutcome outcome) {
    }
}
