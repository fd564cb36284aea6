package io.attest.gateway.projections.compliance;

import io.attest.gateway.application.compliance.port.in.RegistryListQuery;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.attest.gateway.projections.jooq.Tables.REGISTRY_ENTRY;

/** Lists from {@code registry_entry}: by account or by status, ordered by id, each a range of one index. */
public class RegistryListQueries implements RegistryListQuery {

    private final DSLContext db;

    public RegistryListQueries(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<Entry> list(AccountId account, Kind kind, String status, String after, int limit) {
        List<Condition> where = new ArrayList<>();
        where.add(REGISTRY_ENTRY.KIND.eq(kind.name().toLowerCase(Locale.ROOT)));
        if (account != null) {
            where.add(REGISTRY_ENTRY.ACCOUNT_ID.eq(account.value()));
        }
        if (status != null && !status.isBlank()) {
            where.add(REGISTRY_ENTRY.STATUS.eq(status.trim().toUpperCase(Locale.ROOT)));
        }
        if (after != null && !after.isBlank()) {
            where.add(REGISTRY_ENTRY.ID.gt(after));
        }
        return db.selectFrom(REGISTRY_ENTRY).where(DSL.and(where)).orderBy(REGISTRY_ENTRY.ID)
                .limit(Math.max(1, Math.min(limit, MAX_PAGE)))
                .fetch(r -> new Entry(kind, r.getId(), AccountId.of(r.getAccountId()), r.getName(), r.getParentId(),
                        r.getStatus(), r.getReason(), Boolean.TRUE.equals(r.getVerified()), r.getRegisteredAt().toInstant(), r.getUpdatedAt().toInstant()));
    }
}
