package io.attest.gateway.application.message;

import io.attest.gateway.application.compliance.ComplianceRegistryService;
import io.attest.gateway.application.compliance.InMemoryHistory;
import io.attest.gateway.application.compliance.SendFactsAssembler;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.SendMessage;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.brand.BrandRegistered;
import io.attest.gateway.domain.brand.BrandVerified;
import io.attest.gateway.domain.brand.EntityType;
import io.attest.gateway.domain.campaign.CampaignActivated;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.CampaignRegistered;
import io.attest.gateway.domain.campaign.CampaignTerms;
import io.attest.gateway.domain.campaign.CarrierCaps;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.compliance.ComplianceRule;
import io.attest.gateway.domain.consent.ConsentChannel;
import io.attest.gateway.domain.consent.ConsentEvidence;
import io.attest.gateway.domain.consent.ConsentKind;
import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.SubscriberConsentId;
import io.attest.gateway.domain.message.AcceptMessageCommand;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.number.NumberAssigned;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class SendMessageServiceTest {

    private static final AccountId ACME = AccountId.of("acme");
    private static final BrandId BRAND = BrandId.of("acme-brand");
    private static final CampaignId OTP = CampaignId.of("acme-otp");
    private static final PhoneNumber SENDER = PhoneNumber.of("+15551234567");
    private static final PhoneNumber SUBSCRIBER = PhoneNumber.of("+12125550123");
    private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final InMemoryHistory history = new InMemoryHistory()
            .add(BRAND.value(), new BrandRegistered(BRAND, ACME, "Acme", "12-3456789", EntityType.PRIVATE_PROFIT,
                    "RETAIL", null, "c@acme.example"), new BrandVerified(BRAND, 80))
            .add(OTP.value(), new CampaignRegistered(OTP, ACME, BRAND, UseCase.TWO_FACTOR_AUTHENTICATION,
                    new CampaignTerms("codes", List.of("code 1. Reply STOP to opt out", "code 2. Reply STOP to end"),
                            "flow", "Codes. Reply STOP to cancel", "Help. Msg & data rates may apply. Reply STOP",
                            "bye", "per login"), CarrierCaps.of(UseCase.TWO_FACTOR_AUTHENTICATION, 80)),
                    new CampaignActivated(OTP))
            .add(SENDER.e164(), new NumberAssigned(SENDER, ACME, OTP, NumberType.LONG_CODE));
    private final SendMessageService service = new SendMessageService(commands,
            new SendFactsAssembler(new ComplianceRegistryService(commands, history), history,
                    number -> List.of(ZoneId.of("America/New_York")), (campaign, recipient, since, excluding) -> 0),
            history, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(48), () -> MessageId.of("fixed-id"),
            (account, url) -> {
                throw new io.attest.gateway.domain.shared.InvalidInputException(
                        io.attest.gateway.domain.shared.ErrorCode.WEBHOOK_SECRET_REQUIRED, "no secret");
            });

    private void consentGiven() {
        history.add(SubscriberConsentId.of(BRAND, SUBSCRIBER).value(), new OptInRecorded(
                SubscriberConsentId.of(BRAND, SUBSCRIBER), ACME, BRAND, SUBSCRIBER, OTP, ConsentKind.EXPRESS,
                ConsentEvidence.of(ConsentChannel.API, "We will text your login codes", "signed up", null, null, null, null),
                NOW.minusSeconds(3600), "acme-app"));
    }

    @Test
    void acceptsAMessageTheSendPolicyAllowsAndRecordsTheDecisionWithIt() {
        consentGiven();

        AcceptedMessage accepted = service.send(new SendMessage(ACME, SENDER.e164(), SUBSCRIBER.e164(), "Code 1", null));

        assertThat(accepted.status()).isEqualTo(MessageStatus.ACCEPTED);
        assertThat(accepted.encoding()).isEqualTo(TextEncoding.GSM_7);
        ArgumentCaptor<AcceptMessageCommand> command = ArgumentCaptor.forClass(AcceptMessageCommand.class);
        verify(commands).sendAndWait(command.capture());
        assertThat(command.getValue().campaignId()).isEqualTo(OTP);
        assertThat(command.getValue().decision()).isInstanceOf(ComplianceDecision.Allowed.class);
        assertThat(command.getValue().validUntil()).isEqualTo(NOW.plus(Duration.ofHours(48)));
    }

    @Test
    void aMessageWithoutConsentIsRecordedAsBlockedNamingTheRule() {
        AcceptedMessage accepted = service.send(new SendMessage(ACME, SENDER.e164(), SUBSCRIBER.e164(), "Code 1", null));

        assertThat(accepted.status()).isEqualTo(MessageStatus.BLOCKED);
        assertThat(accepted.decision()).isInstanceOfSatisfying(ComplianceDecision.Blocked.class,
                blocked -> assertThat(blocked.rule()).isEqualTo(ComplianceRule.CONSENT_MISSING));
        ArgumentCaptor<AcceptMessageCommand> command = ArgumentCaptor.forClass(AcceptMessageCommand.class);
        verify(commands).sendAndWait(command.capture());
        assertThat(command.getValue().decision()).isEqualTo(accepted.decision());
    }

    @Test
    void refusesASenderNumberTheAccountDoesNotOwnWithoutRecordingAnything() {
        assertThatThrownBy(() -> service.send(new SendMessage(AccountId.of("globex"), SENDER.e164(), SUBSCRIBER.e164(),
                "Hi", null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_SENDER));
        verifyNoInteractions(commands);
    }

    @Test
    void refusesAMalformedRecipientWithoutRecordingAnything() {
        assertThatThrownBy(() -> service.send(new SendMessage(ACME, SENDER.e164(), "5557654321", "Hi", null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PHONE_NUMBER));
        verifyNoInteractions(commands);
    }

    @Test
    void aWebhookUrlTheAccountMayNotUseIsRefusedBeforeAnythingIsRecorded() {
        consentGiven();

        assertThatThrownBy(() -> service.send(new SendMessage(ACME, SENDER.e164(), SUBSCRIBER.e164(), "Code 1", null,
                null, "https://hooks.example.com/sms")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WEBHOOK_SECRET_REQUIRED));
        verifyNoInteractions(commands);
    }

    @Test
    void aDryRunDecidesWithoutRecording() {
        consentGiven();

        var dryRun = service.dryRun(new SendMessage(ACME, SENDER.e164(), SUBSCRIBER.e164(), "Code ✓", null));

        assertThat(dryRun.decision()).isInstanceOf(ComplianceDecision.Allowed.class);
        assertThat(dryRun.content().charactersForcingUcs2()).containsExactly("✓");
        assertThat(dryRun.campaignId()).isEqualTo(OTP);
        verifyNoInteractions(commands);
    }

    @Test
    void aRetryOfAMessageAlreadyRecordedTakesNothingFromTheAccountsAllowance() {
        consentGiven();
        java.util.Map<String, Long> shared = new java.util.HashMap<>(); // the shared counts, per period
        service.limitedBy(new io.attest.gateway.application.limits.SendQuota(
                new io.attest.gateway.application.limits.SendLimits(
                        new io.attest.gateway.application.limits.SendLimits.Limits(0L, 1L, 0, Duration.ofHours(1)),
                        java.util.Map.of()),
                new io.attest.gateway.application.limits.port.out.AccountSendCountPort() {
                    @Override
                    public Outcome count(AccountId account, Instant now, long secondSends, long perSecond,
                                         long daySends, long perDay) {
                        long day = shared.getOrDefault("d", 0L) + daySends;
                        if (day > perDay) {
                            return Outcome.DAY_FULL;
                        }
                        shared.put("d", day);
                        return Outcome.COUNTED;
                    }

                    @Override
                    public void giveBack(AccountId account, Instant day, long sends) {
                    }

                    @Override
                    public int forgetPast(Instant now) {
                        return 0;
                    }
                }, Clock.fixed(NOW, ZoneOffset.UTC)));
        MessageId recorded = MessageId.of("recorded-before-its-answer");
        history.add(recorded.value(), new io.attest.gateway.domain.message.MessageAccepted(recorded, ACME, SENDER,
                        SUBSCRIBER, "Code 1", TextEncoding.GSM_7, 1, OTP, UseCase.TWO_FACTOR_AUTHENTICATION,
                        io.attest.gateway.domain.compliance.MessagePurpose.CLIENT, NOW, NOW.plus(Duration.ofHours(48)),
                        null),
                new io.attest.gateway.domain.message.MessageCleared(recorded, List.of("consent"), "consent=EXPRESS"));

        // the client retries a request whose message was recorded before it could be answered
        AcceptedMessage retried = service.send(new SendMessage(ACME, SENDER.e164(), SUBSCRIBER.e164(), "Code 1", null,
                recorded, null));
        assertThat(retried.messageId()).isEqualTo(recorded);
        assertThat(retried.status()).isEqualTo(MessageStatus.ACCEPTED);
        verifyNoInteractions(commands);

        // the day's one send is still the account's, for a new message; the one after it is refused
        assertThat(service.send(new SendMessage(ACME, SENDER.e164(), SUBSCRIBER.e164(), "Code 2", null)).status())
                .isEqualTo(MessageStatus.ACCEPTED);
        assertThatThrownBy(() -> service.send(new SendMessage(ACME, SENDER.e164(), SUBSCRIBER.e164(), "Code 3", null)))
                .isInstanceOf(io.attest.gateway.application.limits.SendLimitReachedException.class);
        assertThat(shared).containsEntry("d", 1L);
    }
}
