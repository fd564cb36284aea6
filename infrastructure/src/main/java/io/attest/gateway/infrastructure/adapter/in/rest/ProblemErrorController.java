package io.attest.gateway.infrastructure.adapter.in.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * The errors that never reach a controller (refused by the web container or by Spring Security's firewall: an
 * encoded slash, {@code ..}, {@code ;}, a method the container does not serve) as problem+json, like every other
 * error; in place of Spring Boot's {@code {"timestamp", …}} page. {@code /error} asked for directly is not found.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 404;
        HttpStatus http = HttpStatus.resolve(status);
        if (http == null) {
            http = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String problemCode = switch (http.value()) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "payload-too-large";
            case 431 -> "header-too-large";
            default -> http.is5xxServerError() ? "internal-error" : "invalid-request";
        };
        String detail;
        if (http.is5xxServerError()) {
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            log.error("request to {} failed before it reached the API", uri, failure instanceof Throwable t ? t : null);
            detail = "the gateway failed to handle the request; nothing was sent. Retrying is safe.";
        } else if (code == null) {
            detail = "no such path";
        } else {
            detail = "the request was refused before it reached the API (" + http.value() + " " + http.getReasonPhrase()
                    + "): check its path, method and headers against docs/openapi.yaml";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(http, detail);
        problem.setType(URI.create("urn:attest:problem:" + problemCode));
        problem.setProperty("code", problemCode);
        if (uri instanceof String path && path.length() <= 200) {
            problem.setInstance(URI.create(path.replaceAll("[^A-Za-z0-9/._~-]", "_")));
        }
        return ResponseEntity.status(http).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
