package io.hacoord.coordinator.store.zookeeper;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hacoord.coordinator.store.StoreException;
import java.io.IOException;

/**
 * JSON for node data. Instants are written as ISO-8601 strings so they round-trip to the nanosecond; unknown fields
 * are ignored so that a newer node's data can be read by an older one during a rolling upgrade.
 */
final class ZkJson {

    /** The data of the leader node. {@code sessionTimeoutMs} is the leader's negotiated session timeout. */
    record LeaderData(String node, String token, long sessionTimeoutMs) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ZkJson() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(byte[] data, Class<T> type, String path) throws StoreException {
        try {
            return MAPPER.readValue(data, type);
        } catch (IOException e) {
            throw new StoreException("unreadable " + type.getSimpleName() + " at " + path + ": " + e.getMessage(), e);
        }
    }
}
