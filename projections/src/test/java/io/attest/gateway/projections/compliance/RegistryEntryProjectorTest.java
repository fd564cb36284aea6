package io.attest.gateway.projections.compliance;

import io.attest.gateway.application.compliance.port.in.RegistryListQuery;
import io.attest.gateway.application.compliance.port.in.RegistryListQuery.Entry;
import io.attest.gateway.application.compliance.port.in.RegistryListQuery.Kind;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.brand.BrandRegistered;
import io.attest.gateway.domain.brand.BrandSuspended;
import io.attest.gateway.domain.brand.BrandVerified;
import io.attest.gateway.domain.brand.EntityType;
import io.attest.gateway.domain.campaign.CampaignActivated;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.CampaignRegistered;
import io.attest.gateway.domain.campaign.CampaignRejected;
import io.attest.gateway.domain.campaign.CarrierCaps;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.number.NumberAssigned;
import io.attest.gateway.domain.number.NumberReleased;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.number.TollFreeNumberVerified;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.projections.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's lists on a real PostgreSQL: statuses follow the decisions, accounts are kept apart, pages join up. */
class RegistryEntryProjectorTest {

    private static final AccountId ACME = AccountId.of("acme");
    private static final AccountId GLOBEX = AccountId.of("globex");
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();
    private RegistryEntryProjector projector;
    private RegistryListQueries lists;

    @BeforeEach
    void empty() {
        db.execute("TRUNCATE registry_entry");
        projector = new RegistryEntryProjector(db);
        lists = new RegistryListQueries(db);
    }

    private void brand(String id, AccountId account) {
        projector.on(new BrandRegistered(BrandId.of(id), account, "Legal " + id, "12-3456789", EntityType.PRIVATE_PROFIT,
                "TECHNOLOGY", "https://example.com", "ops@example.com"), T0);
    }

    private void campaign(String id, AccountId account, String brand) {
        projector.on(new CampaignRegistered(CampaignId.of(id), account, BrandId.of(brand), UseCase.MARKETING, null,
                new CarrierCaps(75)), T0);
    }

    @Test
    void aBrandsStatusFollowsItsDecisionsAndAnAccountSeesOnlyItsOwn() {
        brand("brand-a", ACME);
        brand("brand-b", ACME);
        brand("brand-g", GLOBEX);
        projector.on(new BrandVerified(BrandId.of("brand-a"), 75), T0.plusSeconds(60));
        projector.on(new BrandSuspended(BrandId.of("brand-b"), "fraud reports"), T0.plusSeconds(120));

        List<Entry> acme = lists.list(ACME, Kind.BRAND, null, null, 50);
        assertThat(acme).extracting(Entry::id, Entry::status, Entry::reason, Entry::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("brand-a", "VERIFIED", null, "Legal brand-a"),
                        org.assertj.core.groups.Tuple.tuple("brand-b", "SUSPENDED", "fraud reports", "Legal brand-b"));
        assertThat(acme.getFirst().updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(acme.getFirst().registeredAt()).isEqualTo(T0);
        assertThat(lists.list(GLOBEX, Kind.BRAND, null, null, 50)).extracting(Entry::id).containsExactly("brand-g");
        assertThat(lists.list(null, Kind.BRAND, null, null, 50)).extracting(Entry::id)
                .containsExactly("brand-a", "brand-b", "brand-g");
        assertThat(lists.list(ACME, Kind.CAMPAIGN, null, null, 50)).isEmpty();
    }

    @Test
    void theOperatorListsEveryAccountsCampaignsWaitingForADecision() {
        brand("brand-a", ACME);
        campaign("c-1", ACME, "brand-a");
        campaign("c-2", GLOBEX, "brand-g");
        campaign("c-3", ACME, "brand-a");
        projector.on(new CampaignActivated(CampaignId.of("c-1")), T0.plusSeconds(5));
        projector.on(new CampaignRejected(CampaignId.of("c-3"), "sample messages lack opt-out language"),
                T0.plusSeconds(6));

        assertThat(lists.list(null, Kind.CAMPAIGN, "pending", null, 50)).extracting(Entry::id, Entry::accountId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c-2", GLOBEX));
        Entry rejected = lists.list(ACME, Kind.CAMPAIGN, "REJECTED", null, 50).getFirst();
        assertThat(rejected.reason()).isEqualTo("sample messages lack opt-out language");
        assertThat(rejected.parentId()).isEqualTo("brand-a");
        assertThat(rejected.name()).isEqualTo("MARKETING");
        assertThat(lists.list(ACME, Kind.CAMPAIGN, "pending", null, 50)).isEmpty();
    }

    @Test
    void aTollFreeNumberWaitsForVerificationAndARereleasedNumberKeepsIt() {
        PhoneNumber tollFree = PhoneNumber.of("+18885550100");
        PhoneNumber longCode = PhoneNumber.of("+15555550111");
        projector.on(new NumberAssigned(tollFree, ACME, CampaignId.of("c-1"), NumberType.TOLL_FREE), T0);
        projector.on(new NumberAssigned(longCode, ACME, CampaignId.of("c-1"), NumberType.LONG_CODE), T0);
        assertThat(lists.list(ACME, Kind.NUMBER, null, null, 50)).extracting(Entry::id, Entry::status, Entry::verified)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("+15555550111", "SERVING", false),
                        org.assertj.core.groups.Tuple.tuple("+18885550100", "UNVERIFIED", false));

        projector.on(new TollFreeNumberVerified(tollFree), T0.plusSeconds(1));
        projector.on(new NumberReleased(tollFree, CampaignId.of("c-1")), T0.plusSeconds(2));
        Entry released = lists.list(ACME, Kind.NUMBER, "released", null, 50).getFirst();
        assertThat(released.parentId()).isNull();
        assertThat(released.verified()).isTrue();

        // assigned again, a verified toll-free number serves at once
        projector.on(new NumberAssigned(tollFree, ACME, CampaignId.of("c-2"), NumberType.TOLL_FREE), T0.plusSeconds(3));
        Entry again = lists.list(ACME, Kind.NUMBER, "serving", null, 50).stream()
                .filter(e -> e.id().equals("+18885550100")).findFirst().orElseThrow();
        assertThat(again.parentId()).isEqualTo("c-2");
        assertThat(again.registeredAt()).isEqualTo(T0);
    }

    @Test
    void pagesContinueAfterTheLastIdAndAreCapped() {
        for (int i = 0; i < 7; i++) {
            brand("brand-" + i, ACME);
        }
        List<Entry> first = lists.list(ACME, Kind.BRAND, null, null, 3);
        List<Entry> second = lists.list(ACME, Kind.BRAND, null, first.getLast().id(), 3);
        List<Entry> third = lists.list(ACME, Kind.BRAND, null, second.getLast().id(), 3);
        assertThat(first).extracting(Entry::id).containsExactly("brand-0", "brand-1", "brand-2");
        assertThat(second).extracting(Entry::id).containsExactly("brand-3", "brand-4", "brand-5");
        assertThat(third).extracting(Entry::id).containsExactly("brand-6");
        assertThat(lists.list(ACME, Kind.BRAND, null, null, 10_000)).hasSize(7);
        assertThat(RegistryListQuery.MAX_PAGE).isLessThan(10_000);
    }
}
