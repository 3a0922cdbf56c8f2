package io.postwire.database;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@link DatabaseBehindProxy}, hung as the app starts: its first connection (Flyway's) is accepted and never
 * answered, and connections are forwarded only once that one has waited a second longer than a request may
 * wait for the pool (quarkus.datasource.jdbc.acquisition-timeout).
 */
public class DatabaseHungAtStart extends DatabaseBehindProxy {

    /** Bounds the wait for the app's first connection, so that the proxy resumes even if none comes. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        Duration poolWait = Duration.parse("PT" + ConfigProvider.getConfig()
                .getValue("quarkus.datasource.jdbc.acquisition-timeout", String.class));
        proxy.hang();
        Thread resume = new Thread(() -> {
            try {
                proxy.awaitFirstConnection(START_TIMEOUT);
                Thread.sleep(poolWait.plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            proxy.resume();
        }, "database-resume");
        resume.setDaemon(true);
        resume.start();
        return config;
    }
}
