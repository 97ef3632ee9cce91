package io.hacoord.coordinator.store.redis;

/**
 * The names of every key one cluster uses. All share the hash tag {@code {<cluster>}} so that in Redis Cluster they
 * live in one slot and the Lua scripts that touch several of them are legal.
 *
 * @param prefix {@code hacoord:{<cluster>}:}
 */
record RedisKeys(String prefix) {

    static RedisKeys forCluster(String cluster) {
        if (cluster.isBlank() || cluster.contains("{") || cluster.contains("}")) {
            throw new IllegalArgumentException("cluster name must be non-blank and free of braces: " + cluster);
        }
        return new RedisKeys("hacoord:{" + cluster + "}:");
    }

    /** Value: this term's token ({@code <nonce>:<node>}), {@code PX ttl}. */
    String leader() {
        return prefix + "leader";
    }

    /** Value: the epoch of the term holding {@link #leader()}, with the same expiry. */
    String leaderEpoch() {
        return prefix + "leader-epoch";
    }

    /** The epoch counter; never expires, only ever incremented. */
    String epoch() {
        return prefix + "epoch";
    }

    /** Pub/sub channel on which a release is announced to the followers. */
    String events() {
        return prefix + "events";
    }

    String member(String node) {
        return memberPrefix() + node;
    }

    String memberPrefix() {
        return prefix + "member:";
    }

    /** Set of node ids that have published a heartbeat; pruned when a member key has expired. */
    String memberIndex() {
        return prefix + "members";
    }

    /** Hash: epoch, node, publishedAt, json. */
    String snapshot() {
        return prefix + "snapshot";
    }

    /** Hash epoch → term as it started (JSON). */
    String terms() {
        return prefix + "terms";
    }

    /** Hash epoch → the term's end (JSON); absent while the term is open. */
    String termEnds() {
        return prefix + "term-ends";
    }

    /** Set of the epochs of open terms. */
    String openTerms() {
        return prefix + "open-terms";
    }

    /** Sorted set of epochs (score = epoch), for ordering and trimming the history. */
    String termIndex() {
        return prefix + "term-index";
    }
}
