package io.hacoord.coordinator.store.redis;

/**
 * The Lua scripts of the election. Redis runs a script atomically, so each of these is one step that no other
 * client can interleave with. Keys are passed in KEYS (all under one hash tag); nothing here reads a key it was not
 * given.
 */
final class ElectionScripts {

    private ElectionScripts() {
    }

    /**
     * KEYS: leader, epoch, leader-epoch. ARGV: token, ttl ms, highest epoch this node has seen.
     * Returns {1, epoch} when won, {0, holder's PTTL} when the key is taken.
     *
     * <p>The epoch is {@code INCR}ed in the same step as {@code SET NX}, so no two terms share an epoch while Redis
     * keeps its data. A Redis without persistence that restarts loses the counter, and {@code INCR} would hand out
     * 1, 2, ... again, to nodes that may never have seen the old epochs (the chaos suite found exactly that). So the
     * new epoch is also lifted above the Redis server's clock in microseconds ({@code TIME}): every earlier epoch
     * was at most the clock of its own acquire, so the new one is greater unless the server's clock stepped back
     * and its data was lost at once. It is also kept above the highest epoch this node has seen. Lua numbers are
     * doubles, exact up to 2^53 (year 2255 in microseconds).
     */
    static final String ACQUIRE = """
            redis.replicate_commands()
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              local e = redis.call('INCR', KEYS[2])
              local t = redis.call('TIME')
              local floor = math.max(tonumber(ARGV[3]), tonumber(t[1]) * 1000000 + tonumber(t[2]))
              if e <= floor then
                e = floor + 1
                redis.call('SET', KEYS[2], string.format('%d', e))
              end
              redis.call('SET', KEYS[3], string.format('%d', e), 'PX', ARGV[2])
              return {1, e}
            end
            return {0, redis.call('PTTL', KEYS[1])}
            """;

    /** KEYS: leader, leader-epoch. ARGV: token, ttl ms. Returns 1 when extended, 0 when the token is not ours. */
    static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
              return 1
            end
            return 0
            """;

    /**
     * KEYS: leader, leader-epoch. ARGV: token, events channel, message. Deletes and announces only if the token is
     * ours, so a stale release cannot remove a newer leader. Returns 1 when released.
     */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1], KEYS[2])
              redis.call('PUBLISH', ARGV[2], ARGV[3])
              return 1
            end
            return 0
            """;

    /**
     * KEYS: leader, leader-epoch. Returns {} when free, else {node, epoch, PTTL} read in one step. The node is cut
     * out of the token ({@code <nonce>:<node>}) here so that the token never leaves Redis for a reader.
     */
    static final String CURRENT = """
            local t = redis.call('GET', KEYS[1])
            if not t then
              return {}
            end
            local i = string.find(t, ':', 1, true)
            return {string.sub(t, i + 1), redis.call('GET', KEYS[2]) or '0', redis.call('PTTL', KEYS[1])}
            """;
}
