package io.postwire.ratelimit;

import static io.postwire.ratelimit.LimitedClients.FORWARDED_FOR;
import static io.postwire.ratelimit.LimitedClients.newAddress;
import static io.postwire.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.postwire.support.RedisLimits;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * More reads at once than the Redis client's pool lends connections to and queues: the ones it
 * turns away get a 503 with Retry-After, never a 500.
 */
@QuarkusTest
@TestProfile(RedisPoolBusyTest.OneConnectionNoQueue.class)
class RedisPoolBusyTest {

    static final String PREFIX = "postwire-pool-test:" + UUID.randomUUID() + ":";
    static final int AT_ONCE = 24;

    public static class OneConnectionNoQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RedisLimits.config(PREFIX, Map.of(
                    "postwire.limits.anonymous-read.enabled", "true",
                    "quarkus.redis.max-pool-size", "1",
                    "quarkus.redis.max-pool-waiting", "0"));
        }
    }

    @Inject
    RedisDataSource redis;

    @AfterEach
    void removeThisRunsKeys() {
        RedisLimits.deleteKeys(redis, PREFIX);
    }

    @Test
    void readsThePoolTurnsAwayAre503WithRetryAfter() {
        List<CompletableFuture<ExtractableResponse<Response>>> reads = IntStream.range(0, AT_ONCE)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> given().header(FORWARDED_FOR, newAddress()).get("/posts").then().extract()))
                .toList();
        List<Integer> statuses = reads.stream().map(CompletableFuture::join).map(ExtractableResponse::statusCode).toList();

        assertEquals(List.of(), statuses.stream().filter(status -> status != 200 && status != 503).toList(),
                "statuses other than 200 and 503 in " + statuses);
        assertTrue(statuses.contains(503), "no read was turned away: " + statuses);
        reads.stream().map(CompletableFuture::join).filter(read -> read.statusCode() == 503).findFirst()
                .ifPresent(read -> assertProblem(read.response().then(), 503).header("Retry-After", equalTo("5")));
    }
}
