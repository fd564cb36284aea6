package io.attest.gateway.infrastructure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The gateway: REST and SMPP in, SMPP out, events in PostgreSQL. With {@code verify-bundle} as first argument it
 * checks an audit bundle offline instead, without starting anything.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("verify-bundle")) {
            System.exit(io.attest.gateway.audit.export.BundleVerifier.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        // Axon's update checker would call out to the vendor; a gateway in a regulated network must not.
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(GatewayApplication.class, args);
    }
}
