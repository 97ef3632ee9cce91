package io.hacoord.testservers;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Testcontainers {@link GenericContainer} whose container port is published on a fixed free host
 * port, so that stopping and starting the container keeps the address. Stop and start go through the
 * Docker API directly because {@link GenericContainer#stop()} removes the container.
 *
 * <p><b>Untested here:</b> the machines this harness was written on have no Docker engine, so this
 * provider has never run. It is kept deliberately small; the local-binary provider is the tested path.
 */
final class DockerContainer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final GenericContainer<?> container;
    private final int hostPort;
    private final BooleanSupplier ready;
    private boolean running;
    private boolean closed;

    private DockerContainer(GenericContainer<?> container, int hostPort, BooleanSupplier ready) {
        this.container = container;
        this.hostPort = hostPort;
        this.ready = ready;
    }

    /** Creates and starts {@code image}, publishing {@code containerPort} on a free host port. */
    static DockerContainer start(String image, int containerPort, List<String> command, List<String> env,
            java.util.function.IntFunction<BooleanSupplier> readyOnPort) {
        int hostPort = FreePorts.pick();
        @SuppressWarnings("resource") // closed by DockerContainer.close()
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(containerPort)
                .withCommand(command.toArray(String[]::new));
        for (String pair : env) {
            int eq = pair.indexOf('=');
            container.withEnv(pair.substring(0, eq), pair.substring(eq + 1));
        }
        container.setPortBindings(List.of(hostPort + ":" + containerPort));
        DockerContainer handle = new DockerContainer(container, hostPort, readyOnPort.apply(hostPort));
        container.start();
        handle.running = true;
        handle.awaitReady();
        return handle;
    }

    int hostPort() {
        return hostPort;
    }

    synchronized void stop() {
        if (running && !closed) {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
            running = false;
        }
    }

    synchronized void start() {
        if (closed) {
            throw new IllegalStateException("container " + container.getDockerImageName() + " is closed");
        }
        if (!running) {
            container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
            running = true;
            awaitReady();
        }
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            container.stop();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String logs = container.getLogs();
                throw new IllegalStateException(container.getDockerImageName() + " on port " + hostPort
                        + " was not ready within " + READY_TIMEOUT + "; its log ends with:\n"
                        + logs.substring(Math.max(0, logs.length() - 3_000)));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + container.getDockerImageName(), e);
            }
        }
    }
}
