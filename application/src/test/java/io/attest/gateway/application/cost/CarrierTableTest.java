package io.attest.gateway.application.cost;

import io.attest.gateway.application.cost.port.out.CarrierLookupPort;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CarrierTableTest {

    static final class Tables implements CarrierLookupPort {
        List<Entry> blocks = List.of();
        List<Entry> ported = List.of();
        int lookups;

        @Override
        public String carrierOf(PhoneNumber number) {
            lookups++;
            for (Entry entry : ported) {
                if (entry.key().equals(number.e164())) {
                    return entry.carrier();
                }
            }
            return blocks.stream().filter(b -> number.e164().startsWith(b.key()))
                    .max(java.util.Comparator.comparingInt(b -> b.key().length())).map(Entry::carrier).orElse(null);
        }

        @Override
        public int replaceBlocks(List<Entry> blocks) {
            this.blocks = new ArrayList<>(blocks);
            return blocks.size();
        }

        @Override
        public int replacePorted(List<Entry> numbers) {
            this.ported = new ArrayList<>(numbers);
            return numbers.size();
        }

        @Override
        public Counts counts() {
            return new Counts(blocks.size(), ported.size());
        }
    }

    final Tables tables = new Tables();
    final CostFixtures.MovingClock clock = new CostFixtures.MovingClock(Instant.parse("2026-12-07T12:00:00Z"));
    final CarrierTable table = new CarrierTable(tables, clock, Duration.ofMinutes(5));

    @Test
    void blocksAreReadInEveryUsualFormAndStoredAsE164Prefixes() {
        int stored = table.load(new StringReader("""
                prefix,carrier
                201200,Verizon
                "2012001","T-Mobile"
                +1212555,AT&T
                12125556,US Cellular

                """), false);

        assertThat(stored).isEqualTo(4);
        assertThat(tables.blocks).extracting(CarrierLookupPort.Entry::key)
                .containsExactly("+1201200", "+12012001", "+1212555", "+12125556");
        assertThat(table.carrierOf(PhoneNumber.of("+12012001234"))).isEqualTo("T-Mobile");
        assertThat(table.carrierOf(PhoneNumber.of("+12012009999"))).isEqualTo("Verizon");
    }

    @Test
    void aBadRowRefusesTheWholeFileAndNamesTheRow() {
        table.load(new StringReader("201200,Verizon\n"), false);

        assertThatThrownBy(() -> table.load(new StringReader("201200,Verizon\n20120,AT&T\n"), false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("row 2").hasMessageContaining("NPA-NXX");
        assertThatThrownBy(() -> table.load(new StringReader("201200 Verizon\n"), false)).hasMessageContaining("row 1");
        assertThatThrownBy(() -> table.load(new StringReader("201200,Verizon\n+1201200,AT&T\n"), false))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> table.load(new StringReader("201200,<script>\n"), false)).hasMessageContaining("carrier");
        assertThatThrownBy(() -> table.load(new StringReader("number,carrier\n"), true)).hasMessageContaining("no rows");
        assertThatThrownBy(() -> table.load(new StringReader("oops,AT&T\n"), true)).hasMessageContaining("row 1");
        assertThat(tables.blocks).extracting(CarrierLookupPort.Entry::carrier).containsExactly("Verizon");
    }

    @Test
    void aNumberLookedUpAMomentAgoReadsNoTableUntilALoadOrItsTimeIsUp() {
        table.load(new StringReader("201200,Verizon\n"), false);
        PhoneNumber number = PhoneNumber.of("+12012001234");
        table.carrierOf(number);
        int lookups = tables.lookups;
        for (int i = 0; i < 100; i++) {
            assertThat(table.carrierOf(number)).isEqualTo("Verizon");
        }
        assertThat(tables.lookups).isEqualTo(lookups);

        table.load(new StringReader("number,carrier\n+12012001234,AT&T\n"), true); // ported: this node forgets at once
        assertThat(table.carrierOf(number)).isEqualTo("AT&T");

        tables.ported = List.of(); // another node's load: seen when the cached answer's time is up
        assertThat(table.carrierOf(number)).isEqualTo("AT&T");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(table.carrierOf(number)).isEqualTo("Verizon");
    }
}
