package io.attest.gateway.domain.consent;

/** Where the subscriber gave consent. */
public enum ConsentChannel {
    WEB_FORM, SMS_KEYWORD, PAPER_FORM, VOICE_RECORDING, KEYPRESS, IN_APP, API
}
