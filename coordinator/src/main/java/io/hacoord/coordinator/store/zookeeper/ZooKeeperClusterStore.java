package io.hacoord.coordinator.store.zookeeper;

import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.ClusterStore;
import io.hacoord.coordinator.store.MemberRecord;
import io.hacoord.coordinator.store.SnapshotRecord;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.store.TermRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The cluster state in ZooKeeper, under {@code /hacoord/<cluster>/}:
 * <ul>
 *   <li>{@code members/<node>}: an <em>ephemeral</em> node per member with its {@link MemberRecord} as JSON. It
 *       vanishes with the member's session; a member whose process is alive but stuck keeps its session, so
 *       {@link #members()} also leaves out heartbeats older than the membership TTL.</li>
 *   <li>{@code snapshot}: the leader's snapshot. Written with a versioned {@code setData} after reading the stored
 *       epoch, so a stale leader can never overwrite a newer term's snapshot (compare-and-set; a lost race re-reads).
 *       </li>
 *   <li>{@code history/<epoch, 20 digits>}: one persistent node per term, so that the names sort by epoch. The
 *       newest {@value #HISTORY_KEPT} are kept.</li>
 * </ul>
 *
 * <p>Each public call uses one {@link ZkCall}: it returns or throws {@link StoreException} within the command timeout.
 * Thread-safe.
 */
public final class ZooKeeperClusterStore implements ClusterStore {

    static final int HISTORY_KEPT = 200;
    private static final int CAS_ATTEMPTS = 3;

    private final ZkSession session;
    private final BackendOptions options;
    private final String membersPath;
    private final String snapshotPath;
    private final String historyPath;
    private final String leaderPath;
    private final AtomicBoolean closed = new AtomicBoolean();

    ZooKeeperClusterStore(ZkSession session, BackendOptions options, String clusterPath) {
        this.session = session;
        this.options = options;
        this.membersPath = clusterPath + "/members";
        this.snapshotPath = clusterPath + "/snapshot";
        this.historyPath = clusterPath + "/history";
        this.leaderPath = clusterPath + "/leader";
    }

    @Override
    public void publishMember(MemberRecord member) throws StoreException {
        ZooKeeperBackend.requireValidName("node id", member.node());
        ZkCall call = call("publish member");
        String path = membersPath + "/" + member.node();
        byte[] data = ZkJson.write(member);
        try {
            try {
                Stat stat = call.setData(path, data, -1);
                if (stat.getEphemeralOwner() != call.sessionId()) {
                    // Left by an earlier session of ours that the server has not expired yet: it would vanish
                    // with that session, so replace it by a node of the current one.
                    call.delete(path, stat.getVersion());
                    createOrSet(call, path, data, CreateMode.EPHEMERAL);
                }
            } catch (KeeperException.NoNodeException absent) {
                createOrSet(call, path, data, CreateMode.EPHEMERAL);
            }
        } catch (KeeperException e) {
            throw unexpected("publish member", e);
        }
    }

    @Override
    public List<MemberRecord> members() throws StoreException {
        ZkCall call = call("read members");
        Instant oldest = options.wall().instant().minus(options.memberTtl());
        List<MemberRecord> out = new ArrayList<>();
        try {
            for (ZkCall.Node node : call.getDataAll(childPaths(membersPath, call.getChildren(membersPath)))) {
                MemberRecord m = ZkJson.read(node.data(), MemberRecord.class, membersPath);
                if (!m.heartbeatAt().isBefore(oldest)) {
                    out.add(m);
                }
            }
        } catch (KeeperException e) {
            throw unexpected("read members", e);
        }
        out.sort(Comparator.comparing(MemberRecord::node));
        return out;
    }

    @Override
    public boolean publishSnapshot(SnapshotRecord snapshot) throws StoreException {
        ZkCall call = call("publish snapshot");
        byte[] data = ZkJson.write(snapshot);
        try {
            if (newerTermGranted(call, snapshot.epoch())) {
                return false;
            }
            for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
                ZkCall.Node stored = call.getData(snapshotPath);
                try {
                    if (stored == null) {
                        createWithParents(call, snapshotPath, data, CreateMode.PERSISTENT);
                        return true;
                    }
                    if (ZkJson.read(stored.data(), SnapshotRecord.class, snapshotPath).epoch() > snapshot.epoch()) {
                        return false;
                    }
                    call.setData(snapshotPath, data, stored.stat().getVersion());
                    return true;
                } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException raced) {
                    // another writer got in between our read and our write: read again
                }
            }
        } catch (KeeperException e) {
            throw unexpected("publish snapshot", e);
        }
        throw new StoreException("publish snapshot: lost the compare-and-set race " + CAS_ATTEMPTS + " times");
    }

    /**
     * Whether a leader node of a newer term exists: a stale leader, paused between its validity check and its
     * write, must not overwrite the new leader's view. (A check before the compare-and-set, not inside it: it
     * narrows the window to one round trip; the snapshot epoch check above stays the hard rule.)
     */
    private boolean newerTermGranted(ZkCall call, long epoch) throws StoreException, KeeperException {
        org.apache.zookeeper.data.Stat leader = call.exists(leaderPath, null);
        return leader != null && leader.getCzxid() > epoch;
    }

    @Override
    public Optional<SnapshotRecord> snapshot() throws StoreException {
        try {
            ZkCall.Node stored = call("read snapshot").getData(snapshotPath);
            return stored == null ? Optional.empty()
                    : Optional.of(ZkJson.read(stored.data(), SnapshotRecord.class, snapshotPath));
        } catch (KeeperException e) {
            throw unexpected("read snapshot", e);
        }
    }

    @Override
    public void recordTermStart(TermRecord term, String supersededReason) throws StoreException {
        ZkCall call = call("record term start");
        try {
            try {
                createWithParents(call, termPath(term.epoch()), ZkJson.write(term), CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException alreadyRecorded) {
                // idempotent per epoch: the first record stands
            }
            List<String> names = call.getChildren(historyPath).stream().sorted().toList();
            for (ZkCall.Node node : call.getDataAll(childPaths(historyPath, names))) {
                TermRecord older = ZkJson.read(node.data(), TermRecord.class, historyPath);
                if (older.isOpen() && older.epoch() < term.epoch()) {
                    closeTerm(call, older.ended(term.start(), supersededReason), node.stat().getVersion());
                }
            }
            prune(call, names);
        } catch (KeeperException e) {
            throw unexpected("record term start", e);
        }
    }

    @Override
    public void recordTermEnd(long epoch, Instant end, String reason) throws StoreException {
        ZkCall call = call("record term end");
        String path = termPath(epoch);
        try {
            for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
                ZkCall.Node node = call.getData(path);
                if (node == null) {
                    return;
                }
                TermRecord term = ZkJson.read(node.data(), TermRecord.class, path);
                if (!term.isOpen()) {
                    return;
                }
                try {
                    call.setData(path, ZkJson.write(term.ended(end, reason)), node.stat().getVersion());
                    return;
                } catch (KeeperException.BadVersionException raced) {
                    // changed since we read it (closed as superseded?): read again
                }
            }
        } catch (KeeperException e) {
            throw unexpected("record term end", e);
        }
        throw new StoreException("record term end: lost the compare-and-set race " + CAS_ATTEMPTS + " times");
    }

    @Override
    public List<TermRecord> history(int limit) throws StoreException {
        ZkCall call = call("read history");
        try {
            List<String> newest = call.getChildren(historyPath).stream()
                    .sorted(Comparator.reverseOrder()).limit(Math.max(limit, 0)).toList();
            List<TermRecord> out = new ArrayList<>();
            for (ZkCall.Node node : call.getDataAll(childPaths(historyPath, newest))) {
                out.add(ZkJson.read(node.data(), TermRecord.class, historyPath));
            }
            return out;
        } catch (KeeperException e) {
            throw unexpected("read history", e);
        }
    }

    /** A concurrent close of the same term (another node saw it superseded too) is fine: it stays closed. */
    private void closeTerm(ZkCall call, TermRecord closed, int version) throws StoreException, KeeperException {
        try {
            call.setData(termPath(closed.epoch()), ZkJson.write(closed), version);
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException raced) {
            // someone else closed or pruned it in between
        }
    }

    private void prune(ZkCall call, List<String> sortedNames) throws StoreException, KeeperException {
        for (int i = 0; i < sortedNames.size() - HISTORY_KEPT; i++) {
            try {
                call.delete(historyPath + "/" + sortedNames.get(i), -1);
            } catch (KeeperException.NoNodeException alreadyGone) {
                // pruned by another node
            }
        }
    }

    private void createOrSet(ZkCall call, String path, byte[] data, CreateMode mode)
            throws StoreException, KeeperException {
        try {
            createWithParents(call, path, data, mode);
        } catch (KeeperException.NodeExistsException raced) {
            call.setData(path, data, -1);
        }
    }

    private static void createWithParents(ZkCall call, String path, byte[] data, CreateMode mode)
            throws StoreException, KeeperException {
        try {
            call.create(path, data, mode);
        } catch (KeeperException.NoNodeException noParent) {
            call.createParents(path);
            call.create(path, data, mode);
        }
    }

    private String termPath(long epoch) {
        return historyPath + "/" + String.format("%020d", epoch);
    }

    private static List<String> childPaths(String parent, List<String> names) {
        return names.stream().map(n -> parent + "/" + n).toList();
    }

    private ZkCall call(String what) throws StoreException {
        if (closed.get()) {
            throw new StoreException(what + ": the cluster store is closed");
        }
        return session.call(what);
    }

    private static StoreException unexpected(String what, KeeperException e) {
        return new StoreException(what + ": unexpected ZooKeeper answer " + e.code() + " at " + e.getPath(), e);
    }

    /** Stops serving calls; the connection belongs to the {@link ZooKeeperBackend}. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }
}
