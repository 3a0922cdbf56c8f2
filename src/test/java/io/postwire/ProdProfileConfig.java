package io.postwire;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What a deployment sets in the environment, for the packaged app that the *IT tests
 * start in the prod profile: the standard datasource names and JWT key locations.
 * The keys are the dev pair, read from the source tree: the jar does not contain them.
 */
public class ProdProfileConfig implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", System.getenv().getOrDefault(
                        "POSTWIRE_TEST_JDBC_URL", "jdbc:postgresql://localhost:5432/postwire_test"),
                "quarkus.datasource.username", "postwire",
                "quarkus.datasource.password", "postwire",
                "mp.jwt.verify.publickey.location", devKey("dev-jwt-public-key.pem"),
                "smallrye.jwt.sign.key.location", devKey("dev-jwt-private-key.pem"),
                // The unit tests before registered many accounts from 127.0.0.1 in this database.
                "postwire.login-limit.registrations-per-address", "1000000");
    }

    private static String devKey(String name) {
        return Path.of("src/main/resources/dev-keys", name).toAbsolutePath().toUri().toString();
    }

    @Override
    public void stop() {
        // nothing was started: the database is the local PostgreSQL
    }
}
