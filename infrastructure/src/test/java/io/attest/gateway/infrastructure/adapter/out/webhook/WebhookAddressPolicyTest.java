package io.attest.gateway.infrastructure.adapter.out.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address policy on addresses built from their bytes: nothing is resolved and nothing is connected to. The IPv4
 * addresses are written as numbers, octet by octet.
 */
@org.junit.jupiter.api.Tag("security")
class WebhookAddressPolicyTest {

    private static InetAddress v4(int a, int b, int c, int d) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    /** An IPv6 address from its eight 16-bit groups. */
    private static InetAddress v6(int... groups) throws UnknownHostException {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups[i] >> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        return InetAddress.getByAddress(bytes);
    }

    @Test
    void reservedIpv4RangesAreRefused() throws Exception {
        assertThat(WebhookAddressPolicy.refusal(v4(198, 18, 0, 1))).contains("benchmarking");
        assertThat(WebhookAddressPolicy.refusal(v4(198, 19, 255, 254))).contains("benchmarking");
        assertThat(WebhookAddressPolicy.refusal(v4(240, 0, 0, 1))).contains("reserved");
        assertThat(WebhookAddressPolicy.refusal(v4(255, 255, 255, 255))).contains("reserved");
        assertThat(WebhookAddressPolicy.refusal(v4(192, 0, 0, 1))).contains("IETF");
        assertThat(WebhookAddressPolicy.refusal(v4(192, 0, 2, 1))).contains("documentation");
        assertThat(WebhookAddressPolicy.refusal(v4(0, 1, 2, 3))).contains("this network");
        assertThat(WebhookAddressPolicy.refusal(v4(127, 0, 0, 1))).contains("loopback");
        assertThat(WebhookAddressPolicy.refusal(v4(169, 254, 169, 254))).contains("link-local");
        assertThat(WebhookAddressPolicy.refusal(v4(100, 64, 0, 1))).contains("shared");
        assertThat(WebhookAddressPolicy.refusal(v4(172, 16, 0, 1))).contains("private");
        assertThat(WebhookAddressPolicy.refusal(v4(224, 0, 0, 1))).contains("multicast");
    }

    @Test
    void publicAddressesPass() throws Exception {
        assertThat(WebhookAddressPolicy.refusal(v4(93, 184, 216, 34))).isNull();
        assertThat(WebhookAddressPolicy.refusal(v4(198, 20, 0, 1))).isNull(); // just past 198.18/15
        assertThat(WebhookAddressPolicy.refusal(v4(172, 32, 0, 1))).isNull(); // just past 172.16/12
        assertThat(WebhookAddressPolicy.refusal(v6(0x2606, 0x2800, 0x220, 1, 0x248, 0x1893, 0x25c8, 0x1946))).isNull();
        // a NAT64 or 6to4 address that carries a public IPv4 address is public too
        assertThat(WebhookAddressPolicy.refusal(v6(0x64, 0xff9b, 0, 0, 0, 0, 0x5db8, 0xd822))).isNull();
    }

    @Test
    void everyIpv6FormThatCarriesARefusedIpv4AddressIsRefused() throws Exception {
        // [::127.0.0.1] IPv4-compatible
        assertThat(WebhookAddressPolicy.refusal(v6(0, 0, 0, 0, 0, 0, 0x7f00, 1))).contains("IPv4-compatible")
                .contains("loopback");
        // [::a9fe:a9fe] IPv4-compatible link-local (the cloud metadata address)
        assertThat(WebhookAddressPolicy.refusal(v6(0, 0, 0, 0, 0, 0, 0xa9fe, 0xa9fe))).contains("link-local");
        // [::ffff:0:7f00:1] IPv4-translated
        assertThat(WebhookAddressPolicy.refusal(v6(0, 0, 0, 0, 0xffff, 0, 0x7f00, 1))).contains("IPv4-translated");
        // [64:ff9b::a9fe:a9fe] and [64:ff9b::7f00:1] NAT64
        assertThat(WebhookAddressPolicy.refusal(v6(0x64, 0xff9b, 0, 0, 0, 0, 0xa9fe, 0xa9fe))).contains("NAT64")
                .contains("link-local");
        assertThat(WebhookAddressPolicy.refusal(v6(0x64, 0xff9b, 0, 0, 0, 0, 0x7f00, 1))).contains("NAT64");
        assertThat(WebhookAddressPolicy.refusal(v6(0x64, 0xff9b, 1, 0, 0, 0, 0, 1))).contains("local-use NAT64");
        // [2002:7f00:1::1] 6to4
        assertThat(WebhookAddressPolicy.refusal(v6(0x2002, 0x7f00, 1, 0, 0, 0, 0, 1))).contains("6to4");
        // Teredo hides its destination
        assertThat(WebhookAddressPolicy.refusal(v6(0x2001, 0, 0x4136, 0xe378, 0x8000, 0x63bf, 0x3fff, 0xfdd2)))
                .contains("Teredo");
    }

    @Test
    void ipv6RangesThatAreNotPublicAreRefused() throws Exception {
        assertThat(WebhookAddressPolicy.refusal(v6(0, 0, 0, 0, 0, 0, 0, 1))).contains("loopback");
        assertThat(WebhookAddressPolicy.refusal(v6(0, 0, 0, 0, 0, 0, 0, 0))).contains("unspecified");
        assertThat(WebhookAddressPolicy.refusal(v6(0xfd00, 0, 0, 0, 0, 0, 0, 1))).contains("unique-local");
        assertThat(WebhookAddressPolicy.refusal(v6(0xfe80, 0, 0, 0, 0, 0, 0, 1))).contains("link-local");
        assertThat(WebhookAddressPolicy.refusal(v6(0xfec0, 0, 0, 0, 0, 0, 0, 1))).contains("site-local");
        assertThat(WebhookAddressPolicy.refusal(v6(0xff02, 0, 0, 0, 0, 0, 0, 1))).contains("multicast");
        assertThat(WebhookAddressPolicy.refusal(v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1))).contains("documentation");
        assertThat(WebhookAddressPolicy.refusal(v6(0x100, 0, 0, 0, 0, 0, 0, 1))).contains("discard");
    }
}
