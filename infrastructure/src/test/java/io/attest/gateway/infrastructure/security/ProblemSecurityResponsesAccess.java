package io.attest.gateway.infrastructure.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Lets slice tests import the package-private 401/403 writer. */
@Configuration(proxyBeanMethods = false)
@Import(ProblemSecurityResponses.class)
public class ProblemSecurityResponsesAccess {
}
