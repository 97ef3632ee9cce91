package io.hacoord.backup.retention;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Grandfather-father-son retention: keep the newest backup of each of the last {@code daily} days,
 * {@code weekly} ISO weeks and {@code monthly} months that have a backup, with days, weeks and months
 * taken in {@code zone} (so "a day" is the operator's day, DST included). The newest
 * {@code keepNewestVerified} verified backups are never deleted, whatever the rules say.
 */
public record GfsPolicy(int daily, int weekly, int monthly, int keepNewestVerified, ZoneId zone) {

    public static final int DEFAULT_DAILY = 7;
    public static final int DEFAULT_WEEKLY = 4;
    public static final int DEFAULT_MONTHLY = 12;
    public static final int DEFAULT_KEEP_NEWEST_VERIFIED = 2;

    public GfsPolicy {
        Objects.requireNonNull(zone, "zone");
        List<String> errors = new ArrayList<>();
        if (daily < 0) {
            errors.add("daily must be >= 0, was " + daily);
        }
        if (weekly < 0) {
            errors.add("weekly must be >= 0, was " + weekly);
        }
        if (monthly < 0) {
            errors.add("monthly must be >= 0, was " + monthly);
        }
        if (keepNewestVerified < 1) {
            errors.add("keepNewestVerified must be >= 1 (never delete the last good backup), was " + keepNewestVerified);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    /** 7 daily, 4 weekly, 12 monthly, and the newest 2 verified backups always kept. */
    public static GfsPolicy defaults(ZoneId zone) {
        return new GfsPolicy(DEFAULT_DAILY, DEFAULT_WEEKLY, DEFAULT_MONTHLY, DEFAULT_KEEP_NEWEST_VERIFIED, zone);
    }
}
