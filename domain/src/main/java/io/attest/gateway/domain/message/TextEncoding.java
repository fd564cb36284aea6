package io.attest.gateway.domain.message;

/** How a text travels on the air interface (3GPP TS 23.038). */
public enum TextEncoding {
    /** GSM 03.38 default alphabet: 160 septets in one segment, 153 per segment when concatenated. */
    GSM_7(160, 153),
    /** UCS-2: 70 characters in one segment, 67 per segment when concatenated. */
    UCS_2(70, 67);

    private final int singleSegmentUnits;
    private final int concatenatedSegmentUnits;

    TextEncoding(int singleSegmentUnits, int concatenatedSegmentUnits) {
        this.singleSegmentUnits = singleSegmentUnits;
        this.concatenatedSegmentUnits = concatenatedSegmentUnits;
    }

    public int singleSegmentUnits() {
        return singleSegmentUnits;
    }

    public int concatenatedSegmentUnits() {
        return concatenatedSegmentUnits;
    }
}
