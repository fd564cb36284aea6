package io.attest.gateway.infrastructure.security;

import io.attest.gateway.application.smppclient.port.out.PasswordHashingPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/** SMPP passwords hashed with bcrypt (cost 10): a password-hashing function, so a stolen table is slow to guess. */
@Component
public class BcryptPasswordHashing implements PasswordHashingPort {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);

    @Override
    public String hash(String password) {
        return bcrypt.encode(password);
    }

    @Override
    public boolean matches(String password, String hash) {
        return bcrypt.matches(password, hash);
    }
}
