package io.attest.gateway.infrastructure.adapter.in.rest;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request body that names a member twice ({@code {"to": "+1555…", "to": "+1666…"}}) is a 400, not whichever value
 * came last: two parts of a system reading the same body must not see different messages.
 */
@Component
final class DuplicateKeysRefused implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
