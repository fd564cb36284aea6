package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.cluster.BindLeases;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes on one database share a carrier connection's bind limit through leases in PostgreSQL: together they never
 * open more binds than the limit, the slots are spread, and a dead node's slots go to the living.
 */
class BindLeasesTest extends GatewayTestBase {

    @Autowired
    DSLContext db;

    /** A node's view of one connection: how many of its binds it may open now. */
    private static final class Connection implements BindLeases.LeasedConnection {
        private final String name;
        private final int limit;
        private final int localBinds;
        volatile int permitted = -1;

        Connection(String name, int limit, int localBinds) {
            this.name = name;
            this.limit = limit;
            this.localBinds = localBinds;
        }

        public String name() { return name; }
        public int limit() { return limit; }
        public int localBinds() { return localBinds; }
        public void permit(int count) { permitted = count; }
    }

    @Test
    void twoNodesShareALimitOfThreeNeverExceedItAndTheSurvivorTakesADeadNodesSlots() {
        String name = "leased-" + System.nanoTime();
        Connection onA = new Connection(name, 3, 2);
        Connection onB = new Connection(name, 3, 2);
        BindLeases a = new BindLeases("node-a-" + name, db, List.of(onA), Duration.ofSeconds(10));
        BindLeases b = new BindLeases("node-b-" + name, db, List.of(onB), Duration.ofSeconds(10));

        a.renew(2);
        b.renew(2);
        assertThat(onA.permitted).isEqualTo(2); // its share of 3 over 2 nodes, rounded up
        assertThat(onB.permitted).isEqualTo(1); // what was left
        assertThat(onA.permitted + onB.permitted).isLessThanOrEqualTo(3);
        a.renew(2);
        b.renew(2);
        assertThat(onA.permitted + onB.permitted).isEqualTo(3);

        // node a dies: it renews no more, and once its leases run out node b, now alone, takes up to its own binds
        db.execute("UPDATE smpp_bind_lease SET lease_until = now() - interval '1 second' WHERE node_id = ?",
                "node-a-" + name);
        b.renew(1);
        assertThat(onB.permitted).isEqualTo(2);
        assertThat(liveLeases(name)).isEqualTo(2);

        // node a comes back: it gets what is free, and node b's share over two nodes is still 2
        a.renew(2);
        assertThat(onA.permitted).isEqualTo(1);
        assertThat(liveLeases(name)).isEqualTo(3);
    }

    @Test
    void aNodeAboveItsShareClosesABindBeforeItsSlotIsFreeForTheNodeThatJoined() {
        String name = "shared-" + System.nanoTime();
        Connection onA = new Connection(name, 2, 2);
        Connection onB = new Connection(name, 2, 2);
        BindLeases a = new BindLeases("node-a-" + name, db, List.of(onA), Duration.ofSeconds(10));
        BindLeases b = new BindLeases("node-b-" + name, db, List.of(onB), Duration.ofSeconds(10));

        a.renew(1);
        assertThat(onA.permitted).isEqualTo(2);
        b.renew(2); // node b joins: nothing is free yet
        assertThat(onB.permitted).isZero();
        assertThat(b.holders().includesThisNode()).isFalse(); // so it takes no dispatch segments either
        a.renew(2); // node a sees two nodes: it closes one bind, then frees its slot
        assertThat(onA.permitted).isEqualTo(1);
        b.renew(2);
        assertThat(onB.permitted).isEqualTo(1);
        assertThat(b.holders()).isEqualTo(new BindLeases.Holders(2, true));

        a.releaseAll(); // node a stops: its slot is free at once
        assertThat(onA.permitted).isZero();
        b.renew(1);
        assertThat(onB.permitted).isEqualTo(2);
    }

    private int liveLeases(String connection) {
        return db.fetchCount(db.selectFrom("smpp_bind_lease").where("connection = ? AND lease_until > now()", connection));
    }
}
