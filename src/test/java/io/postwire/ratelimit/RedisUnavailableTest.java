package io.postwire.ratelimit;

import static io.postwire.support.Problems.assertProblem;
import static io.postwire.ratelimit.LimitedClients.login;
import static io.postwire.ratelimit.LimitedClients.newAddress;
import static io.postwire.ratelimit.LimitedClients.registration;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * With the limits' counters in Redis and Redis unreachable, the limits cannot be checked: logins,
 * registrations and (with that limit on) reads without a token get a 503 with Retry-After (never a 500,
 * never let through unchecked), within a bounded wait.
 */
@QuarkusTest
@WithTestResource(UnreachableRedis.class)
class RedisUnavailableTest {

    /** Well above quarkus.redis.timeout (2 s), below the Redis client's own default (10 s). */
    private static final long GIVE_UP_SECONDS = 8;

    UnreachableRedis.Port redis;

    @Test
    void aRedisThatRefusesConnectionsMakesLoginsRegistrationsAndAnonymousReads503() throws Exception {
        redis.refuse();
        assertUnavailable(() -> login(Accounts.uniqueEmail(), "whatever password", newAddress()));
        assertUnavailable(() -> registration(Accounts.uniqueEmail(), "long enough", newAddress()));
        assertUnavailable(() -> given().get("/posts/1").then());
    }

    @Test
    void aRedisThatNeverAnswersCostsABoundedWaitThen503() throws Exception {
        redis.listenWithoutAnswering();
        assertUnavailable(() -> login(Accounts.uniqueEmail(), "whatever password", newAddress()));
        assertUnavailable(() -> registration(Accounts.uniqueEmail(), "long enough", newAddress()));
        assertUnavailable(() -> given().get("/posts/1").then());
    }

    private static void assertUnavailable(Supplier<ValidatableResponse> request) throws Exception {
        ValidatableResponse response = CompletableFuture.supplyAsync(request).get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
        assertProblem(response, 503)
                .header("Retry-After", equalTo("5"))
                .body("detail", equalTo("A service it depends on is unavailable; try again shortly"));
    }
}
