package io.attest.gateway.application.email;

import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase;
import io.attest.gateway.application.email.port.in.ManageEmailGatewayUseCase;
import io.attest.gateway.application.email.port.in.ReceiveEmailUseCase;
import io.attest.gateway.application.email.port.out.EmailGatewayStorePort;
import io.attest.gateway.application.email.port.out.EmailGatewayStorePort.StoredCredential;
import io.attest.gateway.application.email.port.out.EmailGatewayStorePort.StoredSettings;
import io.attest.gateway.application.limits.SendLimitReachedException;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.application.shared.RandomTokens;
import io.attest.gateway.application.smppclient.port.out.PasswordHashingPort;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Email to SMS (docs/email.md): an account's settings and SMTP credentials, and each received mail checked step by
 * step and sent through {@link SendMessageUseCase}, the path the API's sends take.
 */
public class EmailGatewayService implements ManageEmailGatewayUseCase, ReceiveEmailUseCase {

    private static final Logger log = LoggerFactory.getLogger(EmailGatewayService.class);
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>]+@[A-Za-z0-9.-]+");
    private static final Pattern DOMAIN = Pattern.compile("@?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern NUMBER_PART = Pattern.compile("\\+?[0-9]{8,15}");

    private final EmailGatewayStorePort store;
    private final PasswordHashingPort hashing;
    private final SendMessageUseCase sends;
    private final ComplianceRegistryUseCase registry;
    private final Clock clock;
    private final String domain;
    private final String decoyHash;

    /** @param domain the domain of the recipient addresses: {@code +15557654321@<domain>} */
    public EmailGatewayService(EmailGatewayStorePort store, PasswordHashingPort hashing, SendMessageUseCase sends,
                               ComplianceRegistryUseCase registry, Clock clock, String domain) {
        this.store = store;
        this.hashing = hashing;
        this.sends = sends;
        this.registry = registry;
        this.clock = clock;
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.decoyHash = hashing.hash(RandomTokens.draw(20));
    }

    public String domain() {
        return domain;
    }

    // ---- settings and credentials

    @Override
    public Settings settings(AccountId account) {
        return store.settings(account.value()).map(s -> new Settings(s.enabled(), s.numbers(), s.allowedSenders(),
                s.repliesByEmail(), s.receiptsByEmail())).orElse(new Settings(false, List.of(), List.of(), false, false));
    }

    @Override
    public Settings configure(AccountId account, Settings settings) {
        if (settings == null) {
            throw invalid("a JSON body is required");
        }
        List<String> numbers = new ArrayList<>();
        for (String number : settings.numbers() == null ? List.<String>of() : settings.numbers()) {
            PhoneNumber phone = PhoneNumber.of(number == null ? "" : number.strip());
            registry.number(account, phone); // not found unless it is the account's
            if (!numbers.contains(phone.e164())) {
                numbers.add(phone.e164());
            }
        }
        List<String> senders = new ArrayList<>();
        for (String sender : settings.allowedSenders() == null ? List.<String>of() : settings.allowedSenders()) {
            String plain = EmailText.address(sender);
            if (!ADDRESS.matcher(plain).matches() && !DOMAIN.matcher(plain).matches()) {
                throw invalid("allowedSenders holds addresses (alerts@acme.example) or domains (@acme.example); '"
                        + sender + "' is neither");
            }
            String normal = plain.contains("@") && !plain.startsWith("@") ? plain
                    : "@" + (plain.startsWith("@") ? plain.substring(1) : plain);
            if (!senders.contains(normal)) {
                senders.add(normal);
            }
        }
        if (numbers.size() > 50 || senders.size() > 100) {
            throw invalid("at most 50 numbers and 100 allowed senders");
        }
        if (settings.enabled() && (numbers.isEmpty() || senders.isEmpty())) {
            throw invalid("email sending needs at least one of the account's numbers and one allowed sender");
        }
        store.putSettings(new StoredSettings(account.value(), settings.enabled(), List.copyOf(numbers),
                List.copyOf(senders), settings.repliesByEmail(), settings.receiptsByEmail()));
        return settings(account);
    }

    @Override
    public Issued issueCredential(AccountId account, String description) {
        if (description != null && description.length() > 200) {
            throw invalid("description is at most 200 characters");
        }
        if (store.credentials(account.value()).size() >= MAX_CREDENTIALS) {
            throw invalid("an account has at most " + MAX_CREDENTIALS + " SMTP credentials");
        }
        String password = RandomTokens.draw(24);
        String hash = hashing.hash(password);
        for (int attempt = 0; ; attempt++) {
            StoredCredential stored = new StoredCredential("m" + RandomTokens.draw(15).toLowerCase(Locale.ROOT),
                    account.value(), hash, description, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (store.insertCredential(stored)) {
                return new Issued(view(stored), password);
            }
            if (attempt > 5) {
                throw new IllegalStateException("no free username after " + attempt + " draws");
            }
        }
    }

    @Override
    public List<Credential> credentials(AccountId account) {
        return store.credentials(account.value()).stream().map(EmailGatewayService::view).toList();
    }

    @Override
    public void revokeCredential(AccountId account, String username) {
        if (!store.deleteCredential(account.value(), username)) {
            throw new NotFoundException("smtp-credential-not-found", "no SMTP credential " + username
                    + " in this account");
        }
    }

    private static Credential view(StoredCredential stored) {
        return new Credential(stored.username(), stored.description(), stored.createdAt());
    }

    // ---- a mail transaction

    @Override
    public Optional<AccountId> authenticate(String username, String password) {
        Optional<StoredCredential> stored = username == null || username.isEmpty() || username.length() > 64
                ? Optional.empty() : store.credential(username);
        if (stored.isEmpty()) {
            hashing.matches(password == null ? "" : password, decoyHash); // as long as a wrong password takes
            return Optional.empty();
        }
        if (password == null || !hashing.matches(password, stored.get().passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(AccountId.of(stored.get().accountId()));
    }

    @Override
    public Optional<AccountId> accountOf(String username) {
        return store.credential(username).map(c -> AccountId.of(c.accountId()));
    }

    @Override
    public Answer sender(AccountId account, String address) {
        String sender = EmailText.address(address);
        Optional<StoredSettings> settings = store.settings(account.value()).filter(StoredSettings::enabled);
        if (settings.isEmpty()) {
            return new Answer(550, "5.7.1", "email sending is not enabled for this account");
        }
        if (!ADDRESS.matcher(sender).matches()) {
            return new Answer(550, "5.1.7", "the sender address '" + address + "' is not one");
        }
        return EmailText.allows(settings.get().allowedSenders(), sender) ? new Answer(250, "2.1.0", "sender ok")
                : new Answer(550, "5.7.1", "the sender " + sender + " may not send for this account");
    }

    @Override
    public Answer recipient(AccountId account, String address) {
        return number(address).map(n -> new Answer(250, "2.1.5", "recipient ok"))
                .orElse(new Answer(550, "5.1.3", "the recipient is a phone number in international form at "
                        + domain + ", such as +15557654321@" + domain));
    }

    /** The phone number of a recipient address at the gateway's domain. */
    private Optional<PhoneNumber> number(String address) {
        String plain = EmailText.address(address);
        int at = plain.lastIndexOf('@');
        if (at < 0 || !plain.substring(at + 1).equals(domain) || !NUMBER_PART.matcher(plain.substring(0, at)).matches()) {
            return Optional.empty();
        }
        String local = plain.substring(0, at);
        try {
            return Optional.of(PhoneNumber.of(local.startsWith("+") ? local : "+" + local));
        } catch (InvalidInputException | IllegalArgumentException notANumber) {
            return Optional.empty();
        }
    }

    @Override
    public Answer deliver(Mail mail) {
        Optional<StoredSettings> settings = store.settings(mail.account().value()).filter(StoredSettings::enabled);
        if (settings.isEmpty()) {
            return new Answer(550, "5.7.1", "email sending is not enabled for this account");
        }
        Optional<PhoneNumber> to = number(mail.recipient());
        if (to.isEmpty()) {
            return recipient(mail.account(), mail.recipient());
        }
        String from = settings.get().numbers().getFirst();
        if (mail.fromHeader() != null && !mail.fromHeader().isBlank()) {
            from = mail.fromHeader().strip();
            if (!settings.get().numbers().contains(from)) {
                return new Answer(550, "5.7.1", "X-Attest-From " + from + " is not one of the numbers this account "
                        + "sends email from");
            }
        }
        String text = EmailText.of(mail.subject(), mail.plainText(), mail.html());
        if (text.isEmpty()) {
            return new Answer(550, "5.6.0", "the mail has no text: neither its body nor its subject");
        }
        // the same mail delivered again (a sending server retrying after a lost or 4xx answer) is the same message
        String identity = mail.messageIdHeader() != null && !mail.messageIdHeader().isBlank()
                ? "id:" + mail.messageIdHeader().strip()
                : mail.dateHeader() != null && !mail.dateHeader().isBlank()
                ? "date:" + mail.dateHeader().strip() + ":" + mail.sender() + ":" + mail.subject() + ":" + text : null;
        MessageId id = identity == null ? null : MessageId.of(UUID.nameUUIDFromBytes(("email:" + mail.account().value()
                + ":" + identity + ":" + to.get().e164()).getBytes(StandardCharsets.UTF_8)).toString());
        try {
            var accepted = sends.send(new SendMessageUseCase.SendMessage(mail.account(), from, to.get().e164(), text,
                    null, id, null, null, null));
            if (accepted.status() == MessageStatus.BLOCKED) {
                String why = accepted.decision() instanceof ComplianceDecision.Blocked blocked
                        ? "blocked by rule " + blocked.rule().id() + ": " + blocked.reason()
                        : "blocked";
                return new Answer(550, "5.7.1", why + " (message " + accepted.messageId().value() + ")");
            }
            try {
                store.recordOrigin(new EmailGatewayStorePort.Origin(accepted.messageId().value(),
                        mail.account().value(), EmailText.address(mail.sender()), from, to.get().e164(),
                        clock.instant()));
            } catch (RuntimeException notKept) {
                // the message is recorded and goes: the answer says so; only a reply by email to it will not
                log.warn("message {} came by email, but where from could not be kept: {}",
                        accepted.messageId().value(), notKept.toString());
            }
            return Answer.ok("queued as " + accepted.messageId().value() + " ("
                    + accepted.status().name().toLowerCase(Locale.ROOT) + ")");
        } catch (RuntimeException e) {
            return refusal(e);
        }
    }

    private static Answer refusal(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SendLimitReachedException limit) {
                return new Answer(451, "4.7.1", limit.getMessage());
            }
            if (cause instanceof InvalidInputException || cause instanceof IllegalArgumentException
                    || cause instanceof IllegalTransitionException || cause instanceof NotFoundException) {
                return new Answer(550, "5.6.0", cause.getMessage());
            }
        }
        log.warn("a mail could not be recorded; the sending server is asked to try again: {}", e.toString());
        return new Answer(451, "4.3.0", "the gateway could not record the message now; try again later");
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(ErrorCode.INVALID_REQUEST, message);
    }

}
