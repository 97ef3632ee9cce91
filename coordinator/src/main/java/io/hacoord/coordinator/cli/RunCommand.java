package io.hacoord.coordinator.cli;

import io.hacoord.coordinator.config.ConfigException;
import io.hacoord.coordinator.config.ConfigLoader;
import io.hacoord.coordinator.config.CoordinatorConfig;
import io.hacoord.coordinator.node.CoordinatorNode;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * {@code run --config FILE}: runs one node until SIGTERM or SIGINT, then stops the duties, releases the lease and
 * exits 0. A bad configuration exits 2 with every problem listed and no stack trace.
 */
@Command(name = "run", description = "Run a coordinator node.", mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "YAML configuration file (HACOORD_* env overrides)")
    Path config;

    @Override
    public Integer call() throws Exception {
        CoordinatorConfig cfg;
        try {
            cfg = ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("invalid configuration (" + config + "):");
            e.problems().forEach(p -> spec.commandLine().getErr().println("  - " + p));
            return 2;
        }
        CoordinatorNode node;
        try {
            node = NodeLauncher.build(cfg);
        } catch (BindException e) {
            spec.commandLine().getErr().println("cannot listen on " + cfg.node().listenHost() + ":"
                    + cfg.node().listenPort() + ": " + e.getMessage() + " (node.listen)");
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        node.start();
        stop.await();
        node.close();
        return 0;
    }
}
