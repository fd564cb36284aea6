package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.infrastructure.security.LocalIssuerConfiguration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The local issuer's sign-in page, where the console sends a person to sign in (Keycloak has its own). */
@Controller
class IssuerSignInController {

    @GetMapping(LocalIssuerConfiguration.SIGN_IN)
    String signIn(@RequestParam(name = "error", required = false) String error, Model model) {
        model.addAttribute("failed", error != null);
        model.addAttribute("action", LocalIssuerConfiguration.SIGN_IN);
        return "issuer/sign-in";
    }
}
