package io.attest.gateway.infrastructure.adapter.out.persistence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.attest.gateway.application.cost.port.out.RateCardStorePort;
import io.attest.gateway.domain.cost.RateCard;
import io.attest.gateway.infrastructure.config.RateCardDocument;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.List;

/** The stored rate cards in PostgreSQL, each as its JSON document; a card's date is taken once. */
@Component
class RateCardPersistenceAdapter implements RateCardStorePort {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final DSLContext db;

    RateCardPersistenceAdapter(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<RateCard> all() {
        return db.fetch("SELECT effective_from, card FROM rate_card ORDER BY effective_from").map(row -> {
            try {
                RateCardDocument document = JSON.readValue(row.get(1, JSONB.class).data(), RateCardDocument.class);
                return document.toCard(row.get(0, java.time.OffsetDateTime.class).toInstant());
            } catch (IOException e) {
                throw new UncheckedIOException("a stored rate card cannot be read", e);
            }
        });
    }

    @Override
    public boolean add(RateCard card, String recordedBy) {
        String json;
        try {
            json = JSON.writeValueAsString(RateCardDocument.of(card));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return db.execute("""
                INSERT INTO rate_card (effective_from, card, recorded_by) VALUES (?::timestamptz, ?::jsonb, ?)
                ON CONFLICT (effective_from) DO NOTHING""",
                card.effectiveFrom().atOffset(ZoneOffset.UTC), json, recordedBy) == 1;
    }
}
