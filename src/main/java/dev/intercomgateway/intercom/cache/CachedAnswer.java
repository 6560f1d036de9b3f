package dev.intercomgateway.intercom.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Intercom's successful answer to a read, as it came: its body (JSON bytes), its content type, and
 * when it was stored (epoch milliseconds, this replica's clock; 0 until stored).
 */
public record CachedAnswer(byte[] body, String contentType, long storedAt) {

    public CachedAnswer stored(long at) {
        return new CachedAnswer(body, contentType, at);
    }

    /** Seconds since it was stored, as the {@code Age} header counts them. */
    public long ageSeconds(long now) {
        return storedAt == 0 ? 0 : Math.max(0, (now - storedAt) / 1000);
    }

    /** One value for a store that keeps bytes: stored-at, the content type's length and bytes, then the body. */
    byte[] encode() {
        byte[] type = contentType == null ? new byte[0] : contentType.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 4 + type.length + body.length).putLong(storedAt).putInt(type.length).put(type).put(body).array();
    }

    static CachedAnswer decode(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        long storedAt = buffer.getLong();
        byte[] type = new byte[buffer.getInt()];
        buffer.get(type);
        byte[] body = new byte[buffer.remaining()];
        buffer.get(body);
        return new CachedAnswer(body, type.length == 0 ? null : new String(type, StandardCharsets.UTF_8), storedAt);
    }
}
