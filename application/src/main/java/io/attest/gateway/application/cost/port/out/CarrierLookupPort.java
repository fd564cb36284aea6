package io.attest.gateway.application.cost.port.out;

import io.attest.gateway.domain.shared.PhoneNumber;

import java.util.List;

/**
 * Which carrier serves a number: the port a number-portability service can stand behind. The default adapter answers
 * from the tables the operator loads: numbers ported to a carrier first, then the longest matching number block
 * (an NPA-NXX or NPA-NXX-X block, written as an E.164 prefix).
 */
public interface CarrierLookupPort {

    /** @return the carrier's name, or null when the tables know none */
    String carrierOf(PhoneNumber number);

    /** Replaces the number blocks with these. @return how many are stored */
    int replaceBlocks(List<Entry> blocks);

    /** Replaces the ported numbers with these. @return how many are stored */
    int replacePorted(List<Entry> numbers);

    /** How many blocks and ported numbers are stored. */
    Counts counts();

    /** @param key an E.164 prefix (a block) or an E.164 number (a ported number) */
    record Entry(String key, String carrier) {
    }

    record Counts(long blocks, long ported) {
    }
}
