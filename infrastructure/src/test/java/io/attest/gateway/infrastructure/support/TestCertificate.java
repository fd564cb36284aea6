package io.attest.gateway.infrastructure.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** A self-signed certificate for 127.0.0.1 in a PKCS12 key store, made with the JDK's keytool, and a client trusting it. */
public final class TestCertificate {

    private TestCertificate() {
    }

    /** A new key store under target/test-data holding one EC key and its certificate for 127.0.0.1. */
    public static Path keyStore(String alias, String password) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target", "test-data"));
        Path keyStore = Files.createTempFile(dir, alias + "-tls", ".p12");
        Files.delete(keyStore);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return keyStore;
    }

    /** A TLS client context that trusts the certificate in this key store, and nothing else. */
    public static SSLContext trusting(Path keyStore, String password) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore)) {
            trusted.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
