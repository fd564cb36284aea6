package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.idempotency.port.in.IdempotentRequestUseCase;
import io.attest.gateway.application.message.port.in.GetMessageQuery;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.compliance.ComplianceRule;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.infrastructure.security.AccountResolver;
import io.attest.gateway.infrastructure.security.SecurityConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The messages REST adapter alone: status codes, problem+json and scopes, with the use cases stubbed. */
@WebMvcTest(controllers = MessageController.class)
@Import({SecurityConfiguration.class, ProblemResponses.class, AccountResolver.class,
        io.attest.gateway.infrastructure.security.ProblemSecurityResponsesAccess.class})
class MessageControllerSliceTest {

    private static final String BODY = "{\"from\":\"+15551234567\",\"to\":\"+15557654321\",\"text\":\"Hi\"}";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SendMessageUseCase sendMessage;

    @MockitoBean
    GetMessageQuery getMessage;

    @MockitoBean
    IdempotentRequestUseCase idempotency;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @MockitoBean
    io.attest.gateway.application.events.port.in.EventFeedQuery feed;

    @MockitoBean
    io.attest.gateway.application.message.port.in.CancelMessageUseCase cancelMessage;

    @MockitoBean
    io.attest.gateway.application.message.port.in.SearchMessagesQuery search;

    private static org.springframework.test.web.servlet.request.RequestPostProcessor client(String... scopes) {
        return jwt().jwt(token -> token.claim("account", "acme").subject("acme-app"))
                .authorities(java.util.Arrays.stream(scopes)
                        .map(s -> (org.springframework.security.core.GrantedAuthority) new SimpleGrantedAuthority("SCOPE_" + s))
                        .toList());
    }

    @Test
    void anAcceptedMessageIs202WithItsLocation() throws Exception {
        when(sendMessage.send(any())).thenReturn(new AcceptedMessage(MessageId.of("m-1"), MessageStatus.ACCEPTED,
                TextEncoding.GSM_7, 1, new ComplianceDecision.Allowed(List.of(), "in")));

        mvc.perform(post("/v1/messages").with(client("messages:send")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/v1/messages/m-1"))
                .andExpect(jsonPath("$.status").value("accepted"))
                .andExpect(jsonPath("$.encoding").value("GSM-7"));
    }

    @Test
    void aBlockedMessageIs422NamingTheRuleAndTheRecordedMessage() throws Exception {
        when(sendMessage.send(any())).thenReturn(new AcceptedMessage(MessageId.of("m-2"), MessageStatus.BLOCKED,
                TextEncoding.GSM_7, 1, new ComplianceDecision.Blocked(ComplianceRule.CONSENT_MISSING, "no consent", "in")));

        mvc.perform(post("/v1/messages").with(client("messages:send")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnprocessableContent())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.code").value("compliance-blocked"))
                .andExpect(jsonPath("$.rule").value("consent.missing"))
                .andExpect(jsonPath("$.messageId").value("m-2"));
    }

    @Test
    void malformedInputIs400WithItsStableCode() throws Exception {
        when(sendMessage.send(any())).thenThrow(new InvalidInputException(ErrorCode.INVALID_PHONE_NUMBER, "bad number"));

        mvc.perform(post("/v1/messages").with(client("messages:send")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-phone-number"))
                .andExpect(jsonPath("$.type").value("urn:attest:problem:invalid-phone-number"));
        mvc.perform(post("/v1/messages").with(client("messages:send")).contentType(MediaType.APPLICATION_JSON).content("{"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-request"));
    }

    @Test
    void scopesDecideWhoMaySendAndRead() throws Exception {
        mvc.perform(post("/v1/messages").with(client("messages:read")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
        mvc.perform(get("/v1/messages/m-1").with(client("messages:send")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/v1/messages/m-1"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthorized"));
    }

    @Test
    void anotherAccountsOrAnUnknownMessageIs404() throws Exception {
        when(getMessage.find(any(), any())).thenReturn(Optional.empty());

        mvc.perform(get("/v1/messages/m-9").with(client("messages:read")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("message-not-found"));
    }

    @Test
    void aTokenWithoutAnAccountIs403() throws Exception {
        mvc.perform(get("/v1/messages/m-1").with(jwt().jwt(token -> token.subject("x"))
                        .authorities(new SimpleGrantedAuthority("SCOPE_messages:read"))))
                .andExpect(status().isForbidden());
    }

    @Test
    void aHeldMessageIs202WithWhenItWillGo() throws Exception {
        when(sendMessage.send(any())).thenReturn(new AcceptedMessage(MessageId.of("m-3"), MessageStatus.HELD,
                TextEncoding.GSM_7, 1, new ComplianceDecision.Held(ComplianceRule.QUIET_HOURS_STATE,
                Instant.parse("2026-11-26T13:00:00Z"), "quiet", "in")));

        mvc.perform(post("/v1/messages").with(client("messages:send")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("held"))
                .andExpect(jsonPath("$.heldUntil").value("2026-11-26T13:00:00Z"));
    }
}
