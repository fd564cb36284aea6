package io.attest.gateway.application.smppclient.port.out;

/** A slow password-hashing function (bcrypt, say), not a plain digest. */
public interface PasswordHashingPort {

    String hash(String password);

    boolean matches(String password, String hash);
}
