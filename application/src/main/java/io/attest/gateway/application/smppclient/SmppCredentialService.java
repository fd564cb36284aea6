package io.attest.gateway.application.smppclient;

import io.attest.gateway.application.shared.RandomTokens;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.application.smppclient.port.in.AuthenticateSmppClientUseCase;
import io.attest.gateway.application.smppclient.port.in.ManageSmppCredentialsUseCase;
import io.attest.gateway.application.smppclient.port.out.PasswordHashingPort;
import io.attest.gateway.application.smppclient.port.out.SmppCredentialStorePort;
import io.attest.gateway.application.smppclient.port.out.SmppCredentialStorePort.StoredCredential;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Issues SMPP credentials and checks binds against them. SMPP 3.4 limits a system_id to 15 characters and a password
 * to 8, so the gateway draws both: a system_id of 12 characters and a password of 8 from 62 letters and digits (about
 * 47 bits), kept as a bcrypt hash; wrong passwords are slowed down by the server, per system_id and per address.
 */
public class SmppCredentialService implements ManageSmppCredentialsUseCase, AuthenticateSmppClientUseCase {

    public static final int MAX_CREDENTIALS = 20;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final SmppCredentialStorePort store;
    private final PasswordHashingPort hashing;
    private final Clock clock;
    private final Consumer<String> closeBinds;
    /** Checked against when the system_id is unknown, so an unknown one takes as long as a wrong password. */
    private final String decoyHash;

    /** @param closeBinds closes this node's open binds of a revoked system_id */
    public SmppCredentialService(SmppCredentialStorePort store, PasswordHashingPort hashing, Clock clock,
                                 Consumer<String> closeBinds) {
        this.store = store;
        this.hashing = hashing;
        this.clock = clock;
        this.closeBinds = closeBinds;
        this.decoyHash = hashing.hash(RandomTokens.draw(8));
    }

    @Override
    public Issued issue(AccountId account, CredentialSettings settings) {
        if (settings == null) {
            settings = new CredentialSettings(null, null, null, null, null, null);
        }
        String description = settings.description();
        if (description != null && description.length() > 200) {
            throw invalid("description is at most 200 characters");
        }
        List<String> allowed = new ArrayList<>();
        for (String address : settings.allowedAddresses() == null ? List.<String>of() : settings.allowedAddresses()) {
            allowed.add(normalisedBlock(address));
        }
        if (allowed.size() > 50) {
            throw invalid("allowedAddresses holds at most 50 addresses or CIDR blocks");
        }
        int maxBinds = within("maxBinds", settings.maxBinds(), 2, 1, 10);
        int window = within("window", settings.window(), 10, 1, 100);
        int perSecond = within("submitsPerSecond", settings.submitsPerSecond(), 0, 0, 10_000);
        if (store.ofAccount(account.value()).size() >= MAX_CREDENTIALS) {
            throw invalid("an account has at most " + MAX_CREDENTIALS + " SMPP credentials");
        }
        String password = RandomTokens.draw(8);
        String hash = hashing.hash(password);
        for (int attempt = 0; ; attempt++) {
            String systemId = "s" + RandomTokens.draw(11).toLowerCase(java.util.Locale.ROOT);
            StoredCredential stored = new StoredCredential(systemId, account.value(), hash, description,
                    List.copyOf(allowed), maxBinds, window, perSecond, Boolean.TRUE.equals(settings.gsm7Packed()),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (store.insert(stored)) {
                store.startCursor(account.value());
                return new Issued(view(stored), password);
            }
            if (attempt > 5) {
                throw new IllegalStateException("no free system_id after " + attempt + " draws");
            }
        }
    }

    @Override
    public List<Credential> credentials(AccountId account) {
        return store.ofAccount(account.value()).stream().map(SmppCredentialService::view).toList();
    }

    @Override
    public Credential credential(AccountId account, String systemId) {
        return store.find(systemId).filter(c -> c.accountId().equals(account.value())).map(SmppCredentialService::view)
                .orElseThrow(() -> notFound(systemId));
    }

    @Override
    public void revoke(AccountId account, String systemId) {
        if (!store.delete(account.value(), systemId)) {
            throw notFound(systemId);
        }
        closeBinds.accept(systemId);
    }

    @Override
    public BindDecision authenticate(String systemId, String password, InetAddress from) {
        var stored = systemId == null || systemId.isEmpty() ? java.util.Optional.<StoredCredential>empty()
                : store.find(systemId);
        if (stored.isEmpty()) {
            hashing.matches(password == null ? "" : password, decoyHash);
            return new WrongCredentials();
        }
        if (password == null || !hashing.matches(password, stored.get().passwordHash())) {
            return new WrongCredentials();
        }
        Credential credential = view(stored.get());
        if (!credential.allowedAddresses().isEmpty()
                && credential.allowedAddresses().stream().noneMatch(block -> contains(block, from))) {
            return new AddressNotAllowed(credential);
        }
        return new Granted(credential);
    }

    private static Credential view(StoredCredential stored) {
        return new Credential(stored.systemId(), stored.accountId(), stored.description(), stored.allowedAddresses(),
                stored.maxBinds(), stored.window(), stored.submitsPerSecond(), stored.gsm7Packed(), stored.createdAt());
    }


    private static int within(String name, Integer value, int fallback, int min, int max) {
        int chosen = value == null ? fallback : value;
        if (chosen < min || chosen > max) {
            throw invalid(name + " is " + min + " to " + max + ", not " + chosen);
        }
        return chosen;
    }

    /** An IP address or CIDR block, as written by the client, checked and written the one way. */
    static String normalisedBlock(String block) {
        if (block == null || block.isBlank()) {
            throw invalid("an allowed address is an IP address or a CIDR block such as 192.0.2.0/24, not blank");
        }
        String[] parts = block.strip().split("/", -1);
        InetAddress address = literal(parts[0]);
        if (address == null || parts.length > 2) {
            throw invalid("allowed address '" + block + "' is not an IP address or a CIDR block such as 192.0.2.0/24");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw invalid("allowed address '" + block + "' has a prefix outside 0-" + bits);
            }
        }
        return address.getHostAddress() + "/" + prefix;
    }

    /** The address a literal stands for, never looked up by name; null when it is no IP literal. */
    private static InetAddress literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: getByName parses it and asks no resolver
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    static boolean contains(String block, InetAddress address) {
        String[] parts = block.split("/");
        InetAddress network = literal(parts[0]);
        int prefix = Integer.parseInt(parts[1]);
        byte[] a = network.getAddress();
        byte[] b = address.getAddress();
        if (a.length != b.length) {
            if (b.length == 16 && a.length == 4 && isMappedV4(b)) {
                b = java.util.Arrays.copyOfRange(b, 12, 16);
            } else {
                return false;
            }
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMappedV4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return (v6[10] & 0xFF) == 0xFF && (v6[11] & 0xFF) == 0xFF;
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(ErrorCode.INVALID_REQUEST, detail);
    }

    private static NotFoundException notFound(String systemId) {
        return new NotFoundException("smpp-credential-not-found", "no SMPP credential " + systemId + " in this account");
    }
}
