package io.attest.gateway.application.smppclient.port.in;

import io.attest.gateway.application.smppclient.port.in.ManageSmppCredentialsUseCase.Credential;

import java.net.InetAddress;

/** Decides whether a bind's system_id and password, from this address, may bind. */
public interface AuthenticateSmppClientUseCase {

    BindDecision authenticate(String systemId, String password, InetAddress from);

    sealed interface BindDecision {
    }

    record Granted(Credential credential) implements BindDecision {
    }

    /** An unknown system_id and a wrong password are refused alike: the answer tells nothing of which it was. */
    record WrongCredentials() implements BindDecision {
    }

    record AddressNotAllowed(Credential credential) implements BindDecision {
    }
}
