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
     * <p>The epoch is {@code INCR}ed in the same step as {@code SET NX}, so no two terms share an epoch. If the
     * counter went backwards (a Redis restart without persistence), it is lifted above the highest epoch this node
     * has seen, so a node never issues an epoch it knows to be stale.
     */
    static final String ACQUIRE = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              local e = redis.call('INCR', KEYS[2])
              local floor = tonumber(ARGV[3])
              if e <= floor then
                e = floor + 1
                redis.call('SET', KEYS[2], e)
              end
              redis.call('SET', KEYS[3], e, 'PX', ARGV[2])
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
