package io.hacoord.replication.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of INFO replication answers as redis-server 7.0 writes them. */
class RedisNodeStatusTest {

    private static final RedisEndpoint E = new RedisEndpoint("r", "127.0.0.1", 6380, "pw", 0, java.util.Set.of());

    @Test
    void masterAnswerGivesItsOffsetAndEachConnectedReplica() {
        String info = "# Replication\r\nrole:master\r\nconnected_slaves:2\r\n"
                + "slave0:ip=127.0.0.1,port=7001,state=online,offset=1234,lag=0\r\n"
                + "slave1:ip=127.0.0.1,port=7002,state=wait_bgsave,offset=0,lag=3\r\n"
                + "master_replid:abc\r\nmaster_repl_offset:1300\r\n";
        assertThat(RedisNodeStatus.parse(E, info)).isEqualTo(new RedisNodeStatus.Master(E, 1300, List.of(
                new RedisNodeStatus.ConnectedReplica("127.0.0.1", 7001, "online", 1234, 0),
                new RedisNodeStatus.ConnectedReplica("127.0.0.1", 7002, "wait_bgsave", 0, 3))));
    }

    @Test
    void replicaAnswerGivesItsLinkAndOffset() {
        String info = "# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7000\r\n"
                + "master_link_status:down\r\nmaster_last_io_seconds_ago:-1\r\nmaster_sync_in_progress:0\r\n"
                + "slave_read_repl_offset:99\r\nslave_repl_offset:99\r\nslave_priority:100\r\n";
        assertThat(RedisNodeStatus.parse(E, info))
                .isEqualTo(new RedisNodeStatus.Replica(E, "127.0.0.1", 7000, false, false, 99, -1));
    }

    @Test
    void passwordNeverAppearsInToString() {
        assertThat(E.toString()).contains("password=***").doesNotContain("pw ").doesNotContain("=pw");
    }
}
