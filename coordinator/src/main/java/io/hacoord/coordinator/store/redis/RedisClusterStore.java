package io.hacoord.coordinator.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hacoord.coordinator.store.ClusterStore;
import io.hacoord.coordinator.store.MemberRecord;
import io.hacoord.coordinator.store.SnapshotRecord;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.store.TermRecord;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's shared state in Redis, under the same hash tag as the election.
 *
 * <ul>
 *   <li>Members: {@code member:<node>} holds the heartbeat as JSON with {@code PX memberTtl}; a set {@code members}
 *       indexes the node ids so that listing needs no {@code SCAN}, and is pruned of ids whose key has expired.
 *       Closing the store deletes this node's own heartbeat, as a ZooKeeper ephemeral node dies with its session:
 *       a node that shuts down cleanly leaves the list at once.</li>
 *   <li>Snapshot: one hash (epoch, node, publishedAt, json), written by a compare-and-set on the epoch in Lua so a
 *       stale leader can never overwrite a newer term's snapshot.</li>
 *   <li>History: terms as JSON in a hash keyed by epoch, their ends in a second hash, the open epochs in a set and
 *       the order in a sorted set; starting a term closes every open lower one in the same script. Trimmed to the
 *       newest {@link #KEPT_TERMS}.</li>
 * </ul>
 *
 * Instants are written as ISO-8601 strings, which keep nanoseconds, so records read back equal to those written.
 * Every call is one command or script, bounded by the command timeout.
 */
public final class RedisClusterStore implements ClusterStore {

    /** How many terms the history keeps (the contract asks for at least 100). */
    static final int KEPT_TERMS = 200;

    private static final Logger log = LoggerFactory.getLogger(RedisClusterStore.class);

    private final RedisLink link;
    private final RedisKeys keys;
    private final String nodeId;
    private final String memberTtlMs;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    RedisClusterStore(RedisLink link, RedisKeys keys, String nodeId, Duration memberTtl) {
        this.link = Objects.requireNonNull(link, "link");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        if (memberTtl.isZero() || memberTtl.isNegative()) {
            throw new IllegalArgumentException("memberTtl must be positive, was " + memberTtl);
        }
        this.memberTtlMs = Long.toString(memberTtl.toMillis());
    }

    @Override
    public void publishMember(MemberRecord member) throws StoreException {
        String body = write(member);
        link.call("publish member", r -> r.eval(StoreScripts.PUBLISH_MEMBER, ScriptOutputType.INTEGER,
                new String[] {keys.member(member.node()), keys.memberIndex()}, body, memberTtlMs, member.node()));
    }

    @Override
    public List<MemberRecord> members() throws StoreException {
        List<String> bodies = link.call("members", r -> r.eval(StoreScripts.MEMBERS, ScriptOutputType.MULTI,
                new String[] {keys.memberIndex()}, keys.memberPrefix()));
        List<MemberRecord> out = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            out.add(read(body, MemberRecord.class));
        }
        out.sort(Comparator.comparing(MemberRecord::node));
        return out;
    }

    @Override
    public boolean publishSnapshot(SnapshotRecord snapshot) throws StoreException {
        Long stored = link.call("publish snapshot", r -> r.eval(StoreScripts.PUBLISH_SNAPSHOT,
                ScriptOutputType.INTEGER, new String[] {keys.snapshot(), keys.epoch()}, Long.toString(snapshot.epoch()),
                snapshot.node(), snapshot.publishedAt().toString(), snapshot.json()));
        return stored == 1L;
    }

    @Override
    public Optional<SnapshotRecord> snapshot() throws StoreException {
        List<KeyValue<String, String>> fields = link.call("snapshot",
                r -> r.hmget(keys.snapshot(), "epoch", "node", "publishedAt", "json"));
        if (fields.stream().anyMatch(KeyValue::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(new SnapshotRecord(Long.parseLong(fields.get(0).getValue()), fields.get(1).getValue(),
                Instant.parse(fields.get(2).getValue()), fields.get(3).getValue()));
    }

    @Override
    public void recordTermStart(TermRecord term, String supersededReason) throws StoreException {
        String body = write(term);
        String supersededEnd = write(new TermEnd(term.start(), supersededReason));
        link.call("record term start", r -> r.eval(StoreScripts.TERM_START, ScriptOutputType.INTEGER,
                new String[] {keys.terms(), keys.termEnds(), keys.openTerms(), keys.termIndex()},
                Long.toString(term.epoch()), body, supersededEnd, Integer.toString(KEPT_TERMS)));
    }

    @Override
    public void recordTermEnd(long epoch, Instant end, String reason) throws StoreException {
        String body = write(new TermEnd(end, reason));
        link.call("record term end", r -> r.eval(StoreScripts.TERM_END, ScriptOutputType.INTEGER,
                new String[] {keys.terms(), keys.termEnds(), keys.openTerms()}, Long.toString(epoch), body));
    }

    @Override
    public List<TermRecord> history(int limit) throws StoreException {
        if (limit <= 0) {
            return List.of();
        }
        List<String> pairs = link.call("history", r -> r.eval(StoreScripts.HISTORY, ScriptOutputType.MULTI,
                new String[] {keys.terms(), keys.termEnds(), keys.termIndex()}, Integer.toString(limit)));
        List<TermRecord> out = new ArrayList<>(pairs.size() / 2);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            if (pairs.get(i).isEmpty()) {
                continue; // trimmed between index and hash: cannot happen inside one script, kept for safety
            }
            TermRecord term = read(pairs.get(i), TermRecord.class);
            String end = pairs.get(i + 1);
            if (!end.isEmpty()) {
                TermEnd e = read(end, TermEnd.class);
                term = term.ended(e.end(), e.reason());
            }
            out.add(term);
        }
        return out;
    }

    /** Deletes this node's own heartbeat, best effort; the link itself is closed by the backend. */
    @Override
    public void close() {
        if (!link.isConnected()) {
            return;
        }
        try {
            link.call("remove member", r -> r.eval(StoreScripts.REMOVE_MEMBER, ScriptOutputType.INTEGER,
                    new String[] {keys.member(nodeId), keys.memberIndex()}, nodeId));
        } catch (StoreException e) {
            log.debug("could not remove the heartbeat of {} on close (it expires): {}", nodeId, e.getMessage());
        }
    }

    private String write(Object value) throws StoreException {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String body, Class<T> type) throws StoreException {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("unreadable " + type.getSimpleName() + " in redis", e);
        }
    }

    /** How a term ended, stored apart from its start so that closing it is a single {@code HSET}. */
    record TermEnd(Instant end, String reason) {
    }
}
