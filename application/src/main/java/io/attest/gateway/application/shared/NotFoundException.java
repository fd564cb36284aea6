package io.attest.gateway.application.shared;

/**
 * The caller's account has no such thing. Another account's brand, campaign, number, consent or message is
 * "not found" too: its existence is not revealed.
 */
public class NotFoundException extends RuntimeException {

    private final String code;

    public NotFoundException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
