package io.attest.gateway.infrastructure.adapter.in.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** What the console's pages answer for something the account does not have: a page, as if it did not exist. */
@ControllerAdvice(basePackageClasses = ConsolePageAdvice.class)
class ConsolePageAdvice {

    private final String accountClaim;

    ConsolePageAdvice(@Value("${gateway.security.account-claim:account}") String accountClaim) {
        this.accountClaim = accountClaim;
    }

    /** A bulk send's file over the size limit: said on the upload page, nothing read. */
    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    @ResponseStatus(HttpStatus.PAYLOAD_TOO_LARGE)
    String tooLarge(@AuthenticationPrincipal OidcUser user, Model model) {
        ConsoleUser.signedIn(user, model, accountClaim);
        model.addAttribute("problems", java.util.List.of("The file is larger than 20 MB; split it, nothing was read"));
        return "console/bulk";
    }

    @ExceptionHandler(ConsoleController.NotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(@AuthenticationPrincipal OidcUser user, Model model) {
        ConsoleUser.signedIn(user, model, accountClaim);
        return "console/not-found";
    }
}
