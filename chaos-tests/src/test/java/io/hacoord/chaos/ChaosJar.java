package io.hacoord.chaos;

import java.nio.file.Files;
import java.nio.file.Path;

/** The coordinator's runnable jar, as the build made it ({@code coordinator/target/ha-coordinator.jar}). */
final class ChaosJar {

    private ChaosJar() {
    }

    static Path path() {
        Path jar = Path.of(System.getProperty("hacoord.jar", "../coordinator/target/ha-coordinator.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the coordinator jar is missing at " + jar
                    + ": build it first (./mvnw -DskipTests package), or run the chaos tests through ./mvnw verify");
        }
        return jar;
    }
}
