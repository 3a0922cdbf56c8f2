package io.postwire.ratelimit;

import static io.postwire.ratelimit.LimitedClients.FORWARDED_FOR;
import static io.postwire.ratelimit.LimitedClients.newAddress;
import static io.postwire.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.MetricsScrape;
import io.postwire.support.RedisLimits;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** The anonymous-read limit switched on, counting in Redis (database 5, a key prefix of this run), behind a trusted proxy. */
@QuarkusTest
@TestProfile(AnonymousReadLimitTest.LimitOn.class)
class AnonymousReadLimitTest {

    static final String PREFIX = "postwire-anon-test:" + UUID.randomUUID() + ":";
    static final int PER_ADDRESS = 3;
    static final int WINDOW_SECONDS = 60;
    static final String REFUSALS = "postwire_limited_total{limit=\"anonymous_read\"}";

    public static class LimitOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RedisLimits.config(PREFIX, Map.of(
                    "postwire.limits.anonymous-read.enabled", "true",
                    "postwire.limits.anonymous-read.per-address", String.valueOf(PER_ADDRESS),
                    "postwire.limits.anonymous-read.window", "PT" + WINDOW_SECONDS + "S"));
        }
    }

    @Inject
    RedisDataSource redis;

    Account owner;
    long post;

    @BeforeEach
    void aPublishedPost() {
        owner = Accounts.register();
        post = owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", "Limited", "content", "Read often", "published", true))
                .post("/posts").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @AfterEach
    void removeThisRunsKeys() {
        RedisLimits.deleteKeys(redis, PREFIX);
    }

    @Test
    void theReadPastTheLimitFromOneAddressIs429WithRetryAfterAndCounted() {
        String address = newAddress();
        readAnonymously(address).statusCode(200);
        given().header(FORWARDED_FOR, address).get("/posts").then().statusCode(200);
        readAnonymously(address).statusCode(200);
        MetricsScrape before = MetricsScrape.now();

        assertProblem(readAnonymously(address), 429)
                .header("Retry-After", Integer::parseInt, allOf(greaterThan(0), lessThanOrEqualTo(WINDOW_SECONDS)))
                .body("detail", equalTo("Too many reads without a token from this address; try again later"))
                .header("Cache-Control", "no-store");
        assertEquals(1.0, MetricsScrape.now().movedSince(before, REFUSALS), REFUSALS);
    }

    @Test
    void aSignedInReadFromALimitedAddressIsNotLimitedNorCounted() {
        String address = newAddress();
        for (int i = 0; i < PER_ADDRESS + 2; i++) {
            owner.request().header(FORWARDED_FOR, address).get("/posts/{id}", post).then().statusCode(200);
        }
        for (int i = 0; i < PER_ADDRESS; i++) {
            readAnonymously(address).statusCode(200);
        }
        assertProblem(readAnonymously(address), 429);
        owner.request().header(FORWARDED_FOR, address).get("/posts/{id}", post).then().statusCode(200);
    }

    @Test
    void aReadWithABadTokenIs401AndNotCounted() {
        String address = newAddress();
        for (int i = 0; i < PER_ADDRESS + 2; i++) {
            assertProblem(given().header(FORWARDED_FOR, address).auth().oauth2("not-a-token")
                    .get("/posts/{id}", post).then(), 401);
        }
        for (int i = 0; i < PER_ADDRESS; i++) {
            readAnonymously(address).statusCode(200);
        }
        assertProblem(readAnonymously(address), 429);
    }

    @Test
    void anotherAddressIsNotLimitedAndWritesFromTheLimitedOneAreNot() {
        String limited = newAddress();
        for (int i = 0; i < PER_ADDRESS; i++) {
            readAnonymously(limited).statusCode(200);
        }
        assertProblem(readAnonymously(limited), 429);

        readAnonymously(newAddress()).statusCode(200);
        LimitedClients.register(limited);
    }

    @Test
    void readsAnotherReplicaTookCountAgainstThisOneAndNoReplicaTakesPastTheLimit() {
        String address = newAddress();
        String counter = PREFIX + "anonymous-read:" + address;
        redis.value(Long.class).psetex(counter, WINDOW_SECONDS * 1000L, PER_ADDRESS - 1L);

        readAnonymously(address).statusCode(200);
        assertProblem(readAnonymously(address), 429);
        assertEquals(PER_ADDRESS, redis.value(Long.class).get(counter), "reads taken in Redis");
    }

    private ValidatableResponse readAnonymously(String address) {
        return given().header(FORWARDED_FOR, address).get("/posts/{id}", post).then();
    }
}
