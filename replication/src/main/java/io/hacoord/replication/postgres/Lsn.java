package io.hacoord.replication.postgres;

/**
 * A PostgreSQL write-ahead-log position, as the 64-bit byte offset behind {@code pg_lsn}'s {@code X/Y} text.
 */
public record Lsn(long value) implements Comparable<Lsn> {

    public static Lsn parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        long high = Long.parseLong(text.substring(0, slash), 16);
        long low = Long.parseLong(text.substring(slash + 1), 16);
        return new Lsn((high << 32) | low);
    }

    /** Null for a null text: PostgreSQL answers NULL where a position is not known. */
    static Lsn parseNullable(String text) {
        return text == null ? null : parse(text);
    }

    /** Bytes from {@code earlier} to this position; 0 when {@code earlier} is not earlier. */
    public long bytesAfter(Lsn earlier) {
        return Math.max(0, Long.compareUnsigned(value, earlier.value) > 0 ? value - earlier.value : 0);
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
