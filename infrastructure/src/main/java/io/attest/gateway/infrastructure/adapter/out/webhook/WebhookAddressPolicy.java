package io.attest.gateway.infrastructure.adapter.out.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a webhook may not reach: anything that is not a public unicast address. IPv4: this network
 * (0.0.0.0/8), private (10/8, 172.16/12, 192.168/16), shared (100.64/10), loopback (127/8), link-local (169.254/16),
 * IETF protocol assignments (192.0.0.0/24), documentation (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24),
 * benchmarking (198.18/15), multicast (224/4) and reserved (240/4, broadcast included). IPv6: unspecified, loopback,
 * unique-local (fc00::/7), link-local (fe80::/10), site-local (fec0::/10), multicast (ff00::/8), documentation (2001:db8::/32), discard
 * (100::/64), Teredo (2001::/32, whose real destination is hidden), and every form that carries an IPv4 address
 * (IPv4-compatible ::/96, IPv4-mapped ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96, NAT64 64:ff9b::/96 and
 * 64:ff9b:1::/48, 6to4 2002::/16) when the IPv4 address it carries would be refused.
 */
final class WebhookAddressPolicy {

    private WebhookAddressPolicy() {
    }

    /** Why the address may not be reached, or null when it may. */
    static String refusal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return refusalOfIpv4(b);
        }
        if (!(address instanceof Inet6Address)) {
            return "not an IP address";
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return "loopback or unspecified";
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return "unique-local (fc00::/7)";
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return "link-local (fe80::/10)";
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return "site-local (fec0::/10)";
        }
        if (first == 0xff) {
            return "multicast (ff00::/8)";
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
            return "documentation (2001:db8::/32)";
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
            return "Teredo (2001::/32), which hides its destination";
        }
        if (first == 0x01 && second == 0 && zero(b, 2, 8)) {
            return "discard (100::/64)";
        }
        if (first == 0x20 && second == 0x02) {
            return embedded("6to4 (2002::/16)", b, 2);
        }
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (zero(b, 4, 12)) {
                return embedded("NAT64 (64:ff9b::/96)", b, 12);
            }
            if (b[4] == 0 && b[5] == 1) {
                return "local-use NAT64 (64:ff9b:1::/48)";
            }
        }
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded("IPv4-mapped (::ffff:0:0/96)", b, 12);
        }
        if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
            return embedded("IPv4-translated (::ffff:0:0:0/96)", b, 12);
        }
        if (zero(b, 0, 12)) {
            return embedded("IPv4-compatible (::/96)", b, 12);
        }
        return null;
    }

    private static String embedded(String form, byte[] b, int from) {
        byte[] ipv4 = {b[from], b[from + 1], b[from + 2], b[from + 3]};
        String refused = refusalOfIpv4(ipv4);
        return refused == null ? null : form + " carrying " + (ipv4[0] & 0xff) + "." + (ipv4[1] & 0xff) + "."
                + (ipv4[2] & 0xff) + "." + (ipv4[3] & 0xff) + ", " + refused;
    }

    private static String refusalOfIpv4(byte[] b) {
        int a = b[0] & 0xff;
        int c = b[1] & 0xff;
        int d = b[2] & 0xff;
        if (a == 0) {
            return "this network (0.0.0.0/8)";
        }
        if (a == 10 || (a == 172 && (c & 0xf0) == 16) || (a == 192 && c == 168)) {
            return "private (RFC 1918)";
        }
        if (a == 100 && (c & 0xc0) == 64) {
            return "shared address space (100.64.0.0/10)";
        }
        if (a == 127) {
            return "loopback (127.0.0.0/8)";
        }
        if (a == 169 && c == 254) {
            return "link-local (169.254.0.0/16)";
        }
        if (a == 192 && c == 0 && d == 0) {
            return "IETF protocol assignments (192.0.0.0/24)";
        }
        if ((a == 192 && c == 0 && d == 2) || (a == 198 && c == 51 && d == 100) || (a == 203 && c == 0 && d == 113)) {
            return "documentation (TEST-NET)";
        }
        if (a == 198 && (c & 0xfe) == 18) {
            return "benchmarking (198.18.0.0/15)";
        }
        if (a >= 224) {
            return a < 240 ? "multicast (224.0.0.0/4)" : "reserved (240.0.0.0/4)";
        }
        return null;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
