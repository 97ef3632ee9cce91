package io.hacoord.replication.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Lettuce connection per endpoint, opened on first use, sharing one set of event loops.
 *
 * <p>Connect and command timeouts are the probe timeout. While a connection is down, commands are
 * rejected at once instead of queued ({@code REJECT_COMMANDS}), so a dead server is reported as such.
 */
public final class RedisConnections implements AutoCloseable {

    private final Duration timeout;
    private final ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2)
            .computationThreadPoolSize(2).build();
    private final Map<String, RedisClient> clients = new ConcurrentHashMap<>();
    private final Map<String, StatefulRedisConnection<String, String>> connections = new ConcurrentHashMap<>();

    public RedisConnections(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Synchronous commands on the endpoint's connection; connects first if needed. */
    public RedisCommands<String, String> commands(RedisEndpoint endpoint) {
        StatefulRedisConnection<String, String> connection = connections.get(endpoint.name());
        if (connection == null || !connection.isOpen()) {
            if (connection != null) {
                connection.closeAsync();
            }
            connection = client(endpoint).connect();
            connections.put(endpoint.name(), connection);
        }
        return connection.sync();
    }

    private RedisClient client(RedisEndpoint endpoint) {
        return clients.computeIfAbsent(endpoint.name(), n -> {
            RedisURI.Builder uri = RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port())
                    .withTimeout(timeout);
            if (endpoint.password() != null) {
                uri.withPassword(endpoint.password().toCharArray());
            }
            RedisClient client = RedisClient.create(resources, uri.build());
            client.setOptions(ClientOptions.builder()
                    .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            return client;
        });
    }

    @Override
    public void close() {
        connections.values().forEach(StatefulRedisConnection::close);
        connections.clear();
        clients.values().forEach(RedisClient::shutdown);
        clients.clear();
        resources.shutdown();
    }
}
