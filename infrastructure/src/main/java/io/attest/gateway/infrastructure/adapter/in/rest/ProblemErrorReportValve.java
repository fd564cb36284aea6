package io.attest.gateway.infrastructure.adapter.in.rest;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What Tomcat answers by itself, before any servlet (a request line or header it cannot parse, a header too large), as
 * problem+json instead of Tomcat's HTML error page. Errors that reach the application are the controllers' and
 * {@link ProblemErrorController}'s; this valve writes only a response that has no body yet.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus http = HttpStatus.resolve(status);
        String code = status >= 500 ? "internal-error" : status == 404 ? "not-found" : status == 405
                ? "method-not-allowed" : "invalid-request";
        String detail = status >= 500 ? "the gateway failed to handle the request; nothing was sent. Retrying is safe."
                : "the request was refused before it reached the API (" + status + (http == null ? ""
                : " " + http.getReasonPhrase()) + "): check its request line and headers";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"urn:attest:problem:" + code + "\",\"title\":\""
                        + (http == null ? "Error" : http.getReasonPhrase()) + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was taken over: nothing more to say
        }
    }

    /** Puts the valve in place of Tomcat's own error report. */
    @Configuration(proxyBeanMethods = false)
    static class Installation {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }
    }
}
