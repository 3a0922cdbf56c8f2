package io.postwire.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar (target/quarkus-app) started by a test as a deployment starts it: prod profile,
 * configured by the environment only ({@link ProdProfileConfig}'s values), on a port of its own and its
 * management interface (health, metrics) on {@link #managementPort(int)}.
 * For tests that need the process itself (to signal it) or a JUnit engine other than Jupiter.
 */
public final class RunningJar implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Path log;

    private RunningJar(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on this port, with these settings added to the environment, and waits until it is ready. */
    public static RunningJar start(int port, Map<String, String> settings) throws IOException, InterruptedException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first");
        }
        for (int own : new int[] { port, managementPort(port) }) {
            try (ServerSocket free = new ServerSocket(own)) {
                // nothing else listens there: the readiness awaited below is this jar's own
            } catch (IOException inUse) {
                throw new IllegalStateException("Port " + own + " is in use: another process would answer for the jar", inUse);
            }
        }
        Path log = Files.createTempFile(Path.of("target"), "running-jar-" + port + "-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        new HashMap<>(new ProdProfileConfig().start()).forEach((name, value) -> environment.put(envName(name), value));
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        environment.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort(port)));
        settings.forEach((name, value) -> environment.put(envName(name), value));
        RunningJar running = new RunningJar(builder.start(), port, log);
        running.awaitReady();
        return running;
    }

    /**
     * A port of this checkout's own: the Quarkus test port (the quarkus.http.test-port property, or
     * QUARKUS_HTTP_TEST_PORT as parallel checkouts set it; 8081 by default) plus an offset per test.
     */
    public static int portAfterTestPort(int offset) {
        String testPort = System.getProperty("quarkus.http.test-port",
                System.getenv().getOrDefault("QUARKUS_HTTP_TEST_PORT", "8081"));
        return Integer.parseInt(testPort) + offset;
    }

    /**
     * The management interface's port of a jar whose API listens on this port: 10 above it. The jars of
     * a build take ports less than 10 above the test port ({@link #portAfterTestPort(int)}, and
     * deploy/monitoring/scrape-check.sh through scripts/lib.sh's jar_management_port, the same rule), so
     * none of their management ports is another jar's port.
     */
    public static int managementPort(int port) {
        return port + 10;
    }

    public int port() {
        return port;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    /** On the management interface: /q/health/..., /q/metrics. */
    public URI managementUri(String pathAndQuery) {
        return URI.create("http://localhost:" + managementPort(port) + pathAndQuery);
    }

    public Process process() {
        return process;
    }

    /** What the process has logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady() throws InterruptedException, IOException {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The jar exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(managementUri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("The jar was not ready within " + START_TIMEOUT + ":\n" + log());
    }

    /** SIGTERM, as Kubernetes stops a pod; a kill if it has not ended within a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** quarkus.http.port -> QUARKUS_HTTP_PORT, as MicroProfile Config maps environment variables. */
    private static String envName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }
}
