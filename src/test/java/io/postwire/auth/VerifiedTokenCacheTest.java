package io.postwire.auth;

import static io.postwire.support.Problems.assertBearerChallenge;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.MetricsScrape;
import io.postwire.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** A bearer token is verified once, then found in the cache; a cached token is still refused once it expires. */
@QuarkusTest
class VerifiedTokenCacheTest {

    private static final String HITS = "cache_gets_total{cache=\"verified-tokens\",result=\"hit\"}";
    private static final String MISSES = "cache_gets_total{cache=\"verified-tokens\",result=\"miss\"}";
    private static final String EXPIRED = "postwire_tokens_rejected_total{reason=\"expired\"}";

    @Test
    void aTokenIsVerifiedOnceThenFoundInTheCache() {
        Account account = Accounts.register();
        MetricsScrape before = MetricsScrape.now();

        for (int i = 0; i < 3; i++) {
            account.request().get("/posts").then().statusCode(200);
        }

        MetricsScrape after = MetricsScrape.now();
        assertEquals(1.0, after.movedSince(before, MISSES), "verified once");
        assertEquals(2.0, after.movedSince(before, HITS), "then found in the cache");
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() {
        long userId = Accounts.register().id();
        String token = Tokens.expiringIn(userId, Duration.ofSeconds(3));
        MetricsScrape before = MetricsScrape.now();

        given().auth().oauth2(token).get("/posts").then().statusCode(200);
        given().auth().oauth2(token).get("/posts").then().statusCode(200);
        assertEquals(1.0, MetricsScrape.now().movedSince(before, HITS), "the second request used the cache");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertBearerChallenge(given().auth().oauth2(token).get("/posts").then()));
        assertNotEquals(before.value(EXPIRED), MetricsScrape.now().value(EXPIRED), "refused as expired");
    }

    @Test
    void aCachedTokenWithOtherClaimsIsVerifiedAfreshAndRefused() {
        Account account = Accounts.register();
        Account other = Accounts.register();
        account.request().get("/posts").then().statusCode(200);

        assertBearerChallenge(given().auth().oauth2(Tokens.withSubjectSwapped(account.token(), other.id()))
                .get("/posts").then());
        account.request().get("/posts").then().statusCode(200);
    }
}
