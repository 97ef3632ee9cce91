package io.hacoord.replication;

/** A number of bytes, shown the way operators read it ({@code 1.5 MiB}). */
public record ByteCount(long bytes) {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    public ByteCount {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
    }

    public static ByteCount mebibytes(long mib) {
        return new ByteCount(mib * 1024 * 1024);
    }

    @Override
    public String toString() {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
