package io.attest.gateway.application.cost.port.in;

import java.io.Reader;

/** The operator loads the tables the default carrier lookup answers from. */
public interface CarrierTableUseCase {

    /**
     * Replaces the number blocks with those of a CSV ({@code prefix,carrier}: an NPA-NXX such as {@code 201200}, an
     * NPA-NXX-X such as {@code 2012001}, or an E.164 prefix such as {@code +1201200}), or the ported numbers with
     * those of one ({@code number,carrier}, E.164). A header row ({@code prefix,carrier} or {@code number,carrier}) is allowed. Every
     * row is checked before anything is replaced; a file without rows replaces nothing.
     *
     * @param ported true for ported numbers, false for blocks
     * @return how many rows are stored
     * @throws io.attest.gateway.domain.shared.InvalidInputException naming the first bad row
     */
    int load(Reader csv, boolean ported);

    /** The carrier the lookup gives a number (null when unknown), and how many rows the tables hold. */
    Lookup lookup(String number);

    record Lookup(String number, String carrier, long blocks, long ported) {
    }
}
