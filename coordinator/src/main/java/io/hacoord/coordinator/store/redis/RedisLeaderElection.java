package io.hacoord.coordinator.store.redis;

import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.election.VacancySignal;
import io.hacoord.coordinator.store.LeaderRecord;
import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.time.NanoClock;
import io.lettuce.core.ScriptOutputType;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on one Redis key, {@code hacoord:{<cluster>}:leader}, holding a token unique to each acquisition
 * ({@code <random nonce>:<node id>}) with {@code PX ttl}.
 *
 * <h2>What is atomic</h2>
 * Each operation is one Lua script ({@link ElectionScripts}): acquire = {@code SET NX PX} + {@code INCR epoch} +
 * storing that epoch beside the holder with the same expiry; renew = compare token + {@code PEXPIRE} of both keys;
 * release = compare token + {@code DEL} + {@code PUBLISH}; {@link #currentLeader()} reads node, epoch and
 * {@code PTTL} in one step, so a reader never pairs one term's node with another's epoch.
 *
 * <h2>Leases count from the send time</h2>
 * The monotonic time is read just before a command is sent and becomes the lease's confirmation time. Redis starts
 * its {@code PX} when it <em>receives</em> the command, which is later, so a deadline measured from the send time
 * always ends before Redis lets another node in.
 *
 * <h2>Unknown outcomes</h2>
 * A timed-out or interrupted acquire may have taken the key. Before the {@link StoreException} reaches the caller
 * the token is deleted with compare-and-delete; if that too fails (link down) the token is kept and deleted at the
 * next acquire or on reconnect, and in any case the key expires after one TTL since nobody renews it.
 *
 * <h2>Followers: PTTL, not keyspace events</h2>
 * {@link #awaitVacancy(Duration)} wakes on a release published on {@code hacoord:{<cluster>}:events}, or when the
 * holder's remaining {@code PTTL} (read when the wait starts) has run out, plus {@link #EXPIRY_MARGIN}. It does not
 * use keyspace {@code expired} notifications: Redis expires keys lazily or in a sampling cycle, so that
 * notification can come long after the TTL, and pub/sub messages are lost while a subscriber is disconnected. The
 * PTTL deadline is exact and needs no delivery guarantee.
 *
 * <h2>Connectivity</h2>
 * {@link Listener#connectionInterrupted} is called when Lettuce sees the command connection drop <em>or</em> when a
 * command times out: a partitioned link (packets dropped, no RST) shows no disconnect until TCP gives up, minutes
 * later, and a leader must stop fenced work as soon as the store stops answering. {@link Listener#reconnected} follows
 * a reconnect or the next command that succeeds. Both are called on the link's events thread, outside any lock of
 * this class, and an exception thrown by the listener is logged and contained. {@link Listener#leaseLost} is never
 * called: Redis has no session, a lease simply runs out, and the caller's deadline covers that.
 *
 * <p>The token is never logged: it proves ownership of the key.
 */
public final class RedisLeaderElection implements LeaderElection {

    /** Added to the holder's PTTL before a follower retries, so that the key has really gone. */
    static final Duration EXPIRY_MARGIN = Duration.ofMillis(20);

    private static final Logger log = LoggerFactory.getLogger(RedisLeaderElection.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisLink link;
    private final RedisKeys keys;
    private final String nodeId;
    private final ElectionSettings settings;
    private final NanoClock clock;
    private final String ttlMs;
    private final AtomicLong highestSeenEpoch = new AtomicLong();
    /** Tokens of acquires whose outcome was unknown and whose clean-up has not yet succeeded. */
    private final Set<String> orphanTokens = ConcurrentHashMap.newKeySet();

    private final VacancySignal vacancy = new VacancySignal(); // bumped by every release message and wakeUp()

    private volatile Listener listener;
    private final AtomicBoolean reportedDown = new AtomicBoolean();

    RedisLeaderElection(RedisLink link, RedisKeys keys, String nodeId, ElectionSettings settings, NanoClock clock) {
        this.link = Objects.requireNonNull(link, "link");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttlMs = Long.toString(settings.ttl().toMillis());
        link.setMessageHandler(message -> vacancy.signal());
        link.setObserver(this::connectionChanged);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Optional<Lease> tryAcquire() throws StoreException {
        cleanUpOrphans();
        String token = newToken();
        long sentAt = clock.nanoTime();
        List<Object> reply;
        try {
            reply = link.call("acquire", r -> r.eval(ElectionScripts.ACQUIRE, ScriptOutputType.MULTI,
                    new String[] {keys.leader(), keys.epoch(), keys.leaderEpoch()},
                    token, ttlMs, Long.toString(highestSeenEpoch.get())));
        } catch (StoreException e) {
            orphanTokens.add(token);
            boolean undone = cleanUpOrphans();
            throw new StoreException("acquire outcome unknown; "
                    + (undone ? "undone" : "undo failed, the key expires within " + ttlMs + " ms if it was set")
                    + ": " + e.getMessage(), e);
        }
        if (((Long) reply.get(0)) == 1L) {
            long epoch = (Long) reply.get(1);
            noteEpoch(epoch);
            log.info("{} acquired the leader lease, epoch {}", nodeId, epoch);
            return Optional.of(new Lease(nodeId, token, epoch, sentAt, sentAt));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Lease> renew(Lease lease) throws StoreException {
        long sentAt = clock.nanoTime();
        Long renewed = link.call("renew", r -> r.eval(ElectionScripts.RENEW, ScriptOutputType.INTEGER,
                new String[] {keys.leader(), keys.leaderEpoch()}, lease.token(), ttlMs));
        return renewed == 1L ? Optional.of(lease.renewedAt(sentAt)) : Optional.empty();
    }

    @Override
    public void release(Lease lease, String reason) {
        try {
            boolean released = compareAndDelete(lease.token(), "released by " + lease.node() + ": " + reason);
            log.info("{} {} the leader lease of epoch {}: {}", nodeId, released ? "released" : "no longer held",
                    lease.epoch(), reason);
        } catch (StoreException e) {
            log.warn("{} could not release the lease of epoch {} (it expires in the store): {}", nodeId,
                    lease.epoch(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} release of the lease of epoch {} failed unexpectedly", nodeId, lease.epoch(), e);
        }
    }

    @Override
    public Optional<LeaderRecord> currentLeader() throws StoreException {
        List<Object> reply = link.call("current leader", r -> r.eval(ElectionScripts.CURRENT,
                ScriptOutputType.MULTI, keys.leader(), keys.leaderEpoch()));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        long epoch = Long.parseLong((String) reply.get(1));
        noteEpoch(epoch);
        return Optional.of(new LeaderRecord((String) reply.get(0), epoch, (Long) reply.get(2)));
    }

    @Override
    public void awaitVacancy(Duration maxWait) throws InterruptedException {
        // Real time on purpose: this bounds a wait on the vacancy signal, which runs on the real clock.
        long seen = vacancy.generation();
        long waitNanos = maxWait.toNanos();
        try {
            long pttl = link.call("pttl", r -> r.pttl(keys.leader()));
            if (pttl == -2) {
                return; // free now
            }
            if (pttl >= 0) {
                waitNanos = Math.min(waitNanos, Duration.ofMillis(pttl).plus(EXPIRY_MARGIN).toNanos());
            }
        } catch (StoreException e) {
            // Cannot see the holder: wait a renew interval at most, then let the caller try again.
            waitNanos = Math.min(waitNanos, settings.renewInterval().toNanos());
        }
        vacancy.awaitChange(seen, Duration.ofNanos(waitNanos));
    }

    @Override
    public void wakeUp() {
        vacancy.signal();
    }

    @Override
    public boolean isConnected() {
        return link.isConnected();
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Closing is the backend's job: the link is shared with the cluster store. Wakes any waiter. */
    @Override
    public void close() {
        wakeUp();
    }

    /** Called on the link's events thread. */
    private void connectionChanged(boolean up, String reason) {
        Listener l = listener;
        if (up) {
            cleanUpOrphans();
            if (reportedDown.compareAndSet(true, false)) {
                log.info("{}: {}", nodeId, reason);
                if (l != null) {
                    notify(l::reconnected, "reconnected");
                }
            }
        } else if (reportedDown.compareAndSet(false, true)) {
            log.warn("{}: {}", nodeId, reason);
            if (l != null) {
                notify(() -> l.connectionInterrupted(reason), "connectionInterrupted");
            }
        }
    }

    private void notify(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("election listener {} threw; ignored", what, e);
        }
    }

    /** @return true when no orphaned token is left */
    private boolean cleanUpOrphans() {
        for (String token : orphanTokens) {
            try {
                compareAndDelete(token, "acquire by " + nodeId + " undone");
                orphanTokens.remove(token);
            } catch (StoreException e) {
                return false;
            }
        }
        return orphanTokens.isEmpty();
    }

    private boolean compareAndDelete(String token, String message) throws StoreException {
        Long deleted = link.call("release", r -> r.eval(ElectionScripts.RELEASE, ScriptOutputType.INTEGER,
                new String[] {keys.leader(), keys.leaderEpoch()}, token, keys.events(), message));
        return deleted == 1L;
    }

    private void noteEpoch(long epoch) {
        highestSeenEpoch.accumulateAndGet(epoch, Math::max);
    }

    private String newToken() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce) + ":" + nodeId;
    }
}
