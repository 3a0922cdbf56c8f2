package io.postwire.ratelimit;

import static io.postwire.ratelimit.LimitedClients.FORWARDED_FOR;
import static io.postwire.ratelimit.LimitedClients.newAddress;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.inject.Inject;

/**
 * The anonymous-read limit as shipped: off, even with the Redis store that it needs (the login limits'
 * Redis profile), and refused at start with the PostgreSQL store.
 */
@QuarkusTest
@TestProfile(RedisLoginLimitTest.RedisStore.class)
class AnonymousReadDefaultsTest {

    @Inject
    LimitsConfig config;

    @Test
    void anonymousReadsAreNotLimitedByDefault() {
        long post = Accounts.register().request().contentType(ContentType.JSON)
                .body(Map.of("title", "Unlimited", "content", "Read often", "published", true))
                .post("/posts").then().statusCode(201).extract().jsonPath().getLong("id");
        String address = newAddress();
        for (int i = 0; i <= config.anonymousRead().perAddress(); i++) {
            given().header(FORWARDED_FOR, address).get("/posts/{id}", post).then().statusCode(200);
        }
    }

    @Test
    void turnedOnWithThePostgresqlStoreItRefusesToStartNamingBothSettings() throws Exception {
        SmallRyeConfig shipped = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"),
                        ConfigSource.DEFAULT_ORDINAL))
                .withSources(new PropertiesConfigSource(Map.of("postwire.limits.anonymous-read.enabled", "true"),
                        "switched on", ConfigSource.DEFAULT_ORDINAL + 1))
                .withMapping(LimitsConfig.class)
                .build();
        LimitsConfig limits = shipped.getConfigMapping(LimitsConfig.class);
        assertEquals(LimitsConfig.Store.POSTGRESQL, limits.store());

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new AnonymousReadLimiter(limits, null, null));
        assertThat(refused.getMessage(), containsString("postwire.limits.anonymous-read.enabled"));
        assertThat(refused.getMessage(), containsString("postwire.limits.store=redis"));
    }
}
