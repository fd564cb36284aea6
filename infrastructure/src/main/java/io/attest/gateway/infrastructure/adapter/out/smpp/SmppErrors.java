package io.attest.gateway.infrastructure.adapter.out.smpp;

import java.util.Map;

/**
 * SMPP command_status values as the gateway reports them. The error code of a refused message is
 * {@code smpp-0x%08x} (documented in docs/errors.md); transient statuses are retried, never reported.
 */
final class SmppErrors {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x00000001, "ESME_RINVMSGLEN (invalid message length)"),
            Map.entry(0x00000002, "ESME_RINVCMDLEN (invalid command length)"),
            Map.entry(0x00000003, "ESME_RINVCMDID (invalid command id)"),
            Map.entry(0x00000008, "ESME_RSYSERR (system error)"),
            Map.entry(0x0000000A, "ESME_RINVSRCADR (invalid source address)"),
            Map.entry(0x0000000B, "ESME_RINVDSTADR (invalid destination address)"),
            Map.entry(0x00000014, "ESME_RMSGQFUL (message queue full)"),
            Map.entry(0x00000045, "ESME_RSUBMITFAIL (submit failed)"),
            Map.entry(0x00000058, "ESME_RTHROTTLED (throttling error)"),
            Map.entry(0x00000061, "ESME_RINVSCHED (invalid scheduled delivery time)"),
            Map.entry(0x00000062, "ESME_RINVEXPIRY (invalid validity period)"),
            Map.entry(0x00000064, "ESME_RX_T_APPN (temporary application error)"),
            Map.entry(0x00000065, "ESME_RX_P_APPN (permanent application error)"),
            Map.entry(0x00000066, "ESME_RX_R_APPN (application rejected)"));

    private SmppErrors() {
    }

    /** Statuses after which the same submit may succeed later. */
    static boolean isTransient(int status) {
        return status == 0x00000008 || status == 0x00000014 || status == 0x00000058 || status == 0x00000064;
    }

    /** The SMSC is taking nothing more right now: ESME_RTHROTTLED or ESME_RMSGQFUL. */
    static boolean isThrottle(int status) {
        return status == 0x00000058 || status == 0x00000014;
    }

    static String code(int status) {
        return String.format("smpp-0x%08x", status);
    }

    static String describe(int status) {
        return String.format("0x%08x %s", status, NAMES.getOrDefault(status, "(vendor-specific)"));
    }
}
