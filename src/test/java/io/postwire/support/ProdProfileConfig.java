package io.postwire.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What a deployment sets in the environment, for the packaged app that the *IT tests
 * start in the prod profile: the standard datasource names and JWT key locations.
 * The keys are the dev pair, read from the source tree: the jar does not contain them.
 * The *IT classes share one app and register far more accounts from 127.0.0.1 than one
 * client address may in an hour, so the registration limit is raised as a deployment could;
 * the login limits stay the real ones (the limiter's own tests cover registrations).
 */
public class ProdProfileConfig implements QuarkusTestResourceLifecycleManager {

    /** The test database, as the %test profile names it (application.properties). */
    public static final String JDBC_URL = System.getenv().getOrDefault(
            "POSTWIRE_TEST_JDBC_URL", "jdbc:postgresql://localhost:5432/postwire_test");

    @Override
    public Map<String, String> start() {
        forgetTheUnitTestsLoginLimits();
        Map<String, String> config = new HashMap<>(deploymentSettings());
        config.put("postwire.limits.registration.per-address", "1000");
        // Quarkus gives the packaged app the HTTP test port only: its management interface gets this checkout's too.
        config.put("quarkus.management.port", String.valueOf(ManagementInterface.testPort()));
        return config;
    }

    /** What every deployment must set: the chart's env carries each of them (HelmChartIT checks). */
    public static Map<String, String> deploymentSettings() {
        return Map.of(
                "quarkus.datasource.jdbc.url", JDBC_URL,
                "quarkus.datasource.username", "postwire",
                "quarkus.datasource.password", "postwire",
                "mp.jwt.verify.publickey.location", devKey("dev-jwt-public-key.pem"),
                "smallrye.jwt.sign.key.location", devKey("dev-jwt-private-key.pem"));
    }

    /**
     * The unit tests registered and failed many logins from 127.0.0.1 in this database, under
     * the test profile's higher limits; the packaged app applies the real ones.
     */
    private static void forgetTheUnitTestsLoginLimits() {
        try (Connection connection = DriverManager.getConnection(JDBC_URL, "postwire", "postwire");
                Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF to_regclass('login_limit_counters') IS NOT NULL THEN "
                    + "DELETE FROM login_limit_counters; END IF; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the test database " + JDBC_URL, e);
        }
    }

    private static String devKey(String name) {
        return Path.of("src/main/resources/dev-keys", name).toAbsolutePath().toUri().toString();
    }

    @Override
    public void stop() {
        // nothing was started: the database is the local PostgreSQL
    }
}
