package io.hacoord.coordinator.store.zookeeper;

import io.hacoord.coordinator.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * One public store call: every ZooKeeper request it makes goes through the <em>same</em> session handle and shares
 * one deadline, so the call returns or throws within the command timeout whatever the network does.
 *
 * <p>Why the raw asynchronous ZooKeeper API rather than Curator's synchronous builders: a Curator call waits for a
 * connection up to the connection timeout and then retries, and a request on a black-holed link only fails at the
 * client's read timeout (2/3 of the session timeout). Both are far longer than the command timeout. Here each
 * request is sent exactly once (no hidden retry that could re-create a leader node after we gave up on it), and
 * requests of one session are processed by the server in order, so a check sent after an unanswered create sees
 * that create's effect.
 *
 * <p>Definite answers from the server ({@code NODEEXISTS}, {@code NONODE}, {@code BADVERSION}, {@code NOTEMPTY}) are
 * thrown as {@link KeeperException} for the caller to decide on; everything else (timeout, connection loss, session
 * expiry) is an unknown outcome and becomes a {@link StoreException}.
 *
 * <p>Not thread-safe: one public call, one thread.
 */
final class ZkCall {

    /** A node's data together with its stat. */
    record Node(byte[] data, Stat stat) {
    }

    private final ZooKeeper zk;
    private final String what;
    private final long budgetNanos;
    /** Set when the first request is sent: local work before it (e.g. serialising) does not eat the budget. */
    private long deadlineNanos;
    private boolean started;

    ZkCall(ZooKeeper zk, String what, long budgetNanos) {
        this.zk = zk;
        this.what = what;
        this.budgetNanos = budgetNanos;
    }

    /** The id of the session this call talks through; ephemeral nodes it creates are owned by it. */
    long sessionId() {
        return zk.getSessionId();
    }

    /** The session timeout the server granted, in ms (0 before the first connection). */
    int negotiatedSessionTimeoutMs() {
        return zk.getSessionTimeout();
    }

    Stat create(String path, byte[] data, CreateMode mode) throws StoreException, KeeperException {
        CompletableFuture<Stat> f = new CompletableFuture<>();
        sending();
        zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, mode,
                (rc, p, ctx, name, stat) -> complete(f, rc, p, stat), null);
        return await(f, "create " + path);
    }

    /** Creates every missing ancestor of {@code path} (not {@code path} itself) as a persistent node. */
    void createParents(String path) throws StoreException, KeeperException {
        int i = path.indexOf('/', 1);
        while (i > 0) {
            try {
                create(path.substring(0, i), new byte[0], CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException alreadyThere) {
                // another node made it first: fine
            }
            i = path.indexOf('/', i + 1);
        }
    }

    /**
     * Makes the server this session is connected to catch up with the ensemble's leader before our next read: a
     * read after a completed sync sees every write committed before the sync, including the close of an expired
     * session. A server cut off from its quorum cannot complete it, so the call times out instead of answering
     * from stale data.
     */
    void sync(String path) throws StoreException, KeeperException {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        sending();
        zk.sync(path, (rc, p, ctx) -> complete(f, rc, p, Boolean.TRUE), null);
        await(f, "sync " + path);
    }

    /** The node's stat, or null if it does not exist; {@code watcher} (may be null) is set either way. */
    Stat exists(String path, Watcher watcher) throws StoreException, KeeperException {
        CompletableFuture<Stat> f = new CompletableFuture<>();
        sending();
        zk.exists(path, watcher, (rc, p, ctx, stat) -> {
            if (rc == Code.NONODE.intValue()) {
                f.complete(null);
            } else {
                complete(f, rc, p, stat);
            }
        }, null);
        return await(f, "exists " + path);
    }

    /** The node, or null if it does not exist. */
    Node getData(String path) throws StoreException, KeeperException {
        return await(startGetData(path), "getData " + path);
    }

    /** The nodes at these paths, read in parallel; a path that does not exist is left out. */
    List<Node> getDataAll(List<String> paths) throws StoreException, KeeperException {
        List<CompletableFuture<Node>> futures = new ArrayList<>();
        for (String p : paths) {
            futures.add(startGetData(p));
        }
        List<Node> out = new ArrayList<>();
        for (CompletableFuture<Node> f : futures) {
            Node n = await(f, "getData");
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    Stat setData(String path, byte[] data, int version) throws StoreException, KeeperException {
        CompletableFuture<Stat> f = new CompletableFuture<>();
        sending();
        zk.setData(path, data, version, (rc, p, ctx, stat) -> complete(f, rc, p, stat), null);
        return await(f, "setData " + path);
    }

    void delete(String path, int version) throws StoreException, KeeperException {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        sending();
        zk.delete(path, version, (rc, p, ctx) -> complete(f, rc, p, Boolean.TRUE), null);
        await(f, "delete " + path);
    }

    /** The children's names, or an empty list if the node does not exist. */
    List<String> getChildren(String path) throws StoreException, KeeperException {
        CompletableFuture<List<String>> f = new CompletableFuture<>();
        sending();
        zk.getChildren(path, false, (rc, p, ctx, children) -> {
            if (rc == Code.NONODE.intValue()) {
                f.complete(List.of());
            } else {
                complete(f, rc, p, children);
            }
        }, null);
        return await(f, "getChildren " + path);
    }

    private CompletableFuture<Node> startGetData(String path) {
        CompletableFuture<Node> f = new CompletableFuture<>();
        sending();
        zk.getData(path, false, (rc, p, ctx, data, stat) -> {
            if (rc == Code.NONODE.intValue()) {
                f.complete(null);
            } else {
                complete(f, rc, p, new Node(data == null ? new byte[0] : data, stat));
            }
        }, null);
        return f;
    }

    private static <T> void complete(CompletableFuture<T> f, int rc, String path, T value) {
        if (rc == Code.OK.intValue()) {
            f.complete(value);
        } else {
            f.completeExceptionally(KeeperException.create(Code.get(rc), path));
        }
    }

    /** Called before each request is sent; starts the shared deadline at the first. */
    private void sending() {
        if (!started) {
            started = true;
            deadlineNanos = System.nanoTime() + budgetNanos;
        }
    }

    private <T> T await(CompletableFuture<T> f, String request) throws StoreException, KeeperException {
        long leftNanos = deadlineNanos - System.nanoTime();
        try {
            return f.get(Math.max(leftNanos, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new StoreException(what + ": ZooKeeper did not answer " + request + " within the command timeout", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + ": interrupted while waiting for " + request, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KeeperException k && isDefinite(k.code())) {
                throw k;
            }
            throw new StoreException(what + ": " + request + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static boolean isDefinite(Code code) {
        return code == Code.NODEEXISTS || code == Code.NONODE || code == Code.BADVERSION || code == Code.NOTEMPTY;
    }
}
