package io.hacoord.coordinator.store.redis;

/**
 * The Lua scripts of {@link RedisClusterStore}; each runs atomically in Redis.
 *
 * <p>{@link #MEMBERS} reads member keys it builds from a prefix rather than receiving them in KEYS: they share the
 * cluster's hash tag, so in Redis Cluster they are in the script's slot, but a proxy that routes by KEYS alone
 * would not see them.
 */
final class StoreScripts {

    private StoreScripts() {
    }

    /** KEYS: member key, member index. ARGV: json, ttl ms, node. */
    static final String PUBLISH_MEMBER = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[3])
            return 1
            """;

    /** KEYS: member key, member index. ARGV: node. Deletes a member's heartbeat (the node left gracefully). */
    static final String REMOVE_MEMBER = """
            redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[2], ARGV[1])
            return 1
            """;

    /** KEYS: member index. ARGV: member key prefix. Returns live members' JSON; prunes expired ones. */
    static final String MEMBERS = """
            local out = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local v = redis.call('GET', ARGV[1] .. id)
              if v then
                table.insert(out, v)
              else
                redis.call('SREM', KEYS[1], id)
              end
            end
            return out
            """;

    /**
     * KEYS: snapshot hash, epoch counter. ARGV: epoch, node, publishedAt, json. Stores unless the stored snapshot's
     * epoch is greater, or a newer term has been granted since (the counter is above ours: a stale leader, paused
     * between its validity check and this write, must not overwrite the new leader's view); returns 1 when stored,
     * 0 when refused.
     */
    static final String PUBLISH_SNAPSHOT = """
            local cur = redis.call('HGET', KEYS[1], 'epoch')
            if cur and tonumber(cur) > tonumber(ARGV[1]) then
              return 0
            end
            local granted = redis.call('GET', KEYS[2])
            if granted and tonumber(granted) > tonumber(ARGV[1]) then
              return 0
            end
            redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'node', ARGV[2], 'publishedAt', ARGV[3], 'json', ARGV[4])
            return 1
            """;

    /**
     * KEYS: terms, term-ends, open-terms, term-index. ARGV: epoch, term json, superseded end json, keep.
     * Adds the term (once per epoch), closes every open term with a lower epoch, trims to the newest {@code keep}.
     */
    static final String TERM_START = """
            local epoch = tonumber(ARGV[1])
            for _, e in ipairs(redis.call('SMEMBERS', KEYS[3])) do
              if tonumber(e) < epoch then
                redis.call('HSETNX', KEYS[2], e, ARGV[3])
                redis.call('SREM', KEYS[3], e)
              end
            end
            if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
              redis.call('SADD', KEYS[3], ARGV[1])
              redis.call('ZADD', KEYS[4], epoch, ARGV[1])
            end
            local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[4])
            if excess > 0 then
              for _, e in ipairs(redis.call('ZRANGE', KEYS[4], 0, excess - 1)) do
                redis.call('HDEL', KEYS[1], e)
                redis.call('HDEL', KEYS[2], e)
                redis.call('SREM', KEYS[3], e)
                redis.call('ZREM', KEYS[4], e)
              end
            end
            return 1
            """;

    /** KEYS: terms, term-ends, open-terms. ARGV: epoch, end json. Closes the term only if it exists and is open. */
    static final String TERM_END = """
            if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then
              redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
              redis.call('SREM', KEYS[3], ARGV[1])
              return 1
            end
            return 0
            """;

    /**
     * KEYS: terms, term-ends, term-index. ARGV: limit. Returns {start json, end json or ''} pairs, newest first.
     */
    static final String HISTORY = """
            local out = {}
            for _, e in ipairs(redis.call('ZREVRANGE', KEYS[3], 0, tonumber(ARGV[1]) - 1)) do
              table.insert(out, redis.call('HGET', KEYS[1], e) or '')
              table.insert(out, redis.call('HGET', KEYS[2], e) or '')
            end
            return out
            """;
}
