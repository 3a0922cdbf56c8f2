package io.postwire.operations;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.ManagementInterface;
import io.postwire.support.MetricsScrape;
import io.postwire.support.TestDatabase;
import io.postwire.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** /q/metrics: the business counters move by exactly what the API did; labels stay bounded. */
@QuarkusTest
class MetricsEndpointTest {

    private static final String POST_BODY = "{\"title\":\"t\",\"content\":\"c\"}";

    @Inject
    TestDatabase database;

    @Test
    void registrationsAndLoginsAreCountedByOutcome() {
        MetricsScrape before = MetricsScrape.now();

        Account account = Accounts.register(); // one registration, one successful login
        given().contentType(ContentType.JSON).body(Map.of("email", account.email(), "password", "another-password"))
                .post("/users").then().statusCode(409);
        given().formParam("username", account.email()).formParam("password", "wrong-password")
                .post("/login").then().statusCode(401);
        given().formParam("username", Accounts.uniqueEmail()).formParam("password", "wrong-password")
                .post("/login").then().statusCode(401);
        given().formParam("username", account.email()).post("/login").then().statusCode(422);
        given().contentType(ContentType.JSON).body("{\"email\":").post("/login").then().statusCode(400);

        MetricsScrape after = MetricsScrape.now();
        assertMoved(before, after, Map.of(
                "postwire_users_registered_total", 1.0,
                "postwire_logins_total{outcome=\"success\"}", 1.0,
                "postwire_logins_total{outcome=\"bad_credentials\"}", 2.0,
                "postwire_logins_total{outcome=\"invalid_input\"}", 2.0,
                "postwire_logins_total{outcome=\"error\"}", 0.0));
    }

    @Test
    void postChangesAreCountedOnceCommitted() {
        Account owner = Accounts.register();
        Account other = Accounts.register();
        MetricsScrape before = MetricsScrape.now();

        long first = create(owner);
        create(owner);
        owner.request().contentType(ContentType.JSON).body("{\"title\":\"new\",\"content\":\"new\"}")
                .put("/posts/{id}", first).then().statusCode(200);
        owner.request().contentType(ContentType.JSON).body("{\"title\":\"\",\"content\":\"new\"}")
                .put("/posts/{id}", first).then().statusCode(422);
        other.request().contentType(ContentType.JSON).body(POST_BODY)
                .put("/posts/{id}", first).then().statusCode(403);
        other.request().delete("/posts/{id}", first).then().statusCode(403);
        other.request().put("/posts/{id}/vote", first).then().statusCode(204);
        other.request().put("/posts/{id}/vote", first).then().statusCode(204); // already counted
        owner.request().put("/posts/{id}/vote", first).then().statusCode(204);
        owner.request().delete("/posts/{id}/vote", first).then().statusCode(204);
        owner.request().delete("/posts/{id}/vote", first).then().statusCode(204); // nothing to take back
        owner.request().delete("/posts/{id}", first).then().statusCode(204);
        owner.request().delete("/posts/{id}", first).then().statusCode(404);

        MetricsScrape after = MetricsScrape.now();
        assertMoved(before, after, Map.of(
                "postwire_posts_created_total", 2.0,
                "postwire_posts_updated_total", 1.0,
                "postwire_posts_deleted_total", 1.0,
                "postwire_votes_cast_total", 2.0,
                "postwire_votes_withdrawn_total", 1.0));
    }

    @Test
    void rejectedTokensAreCountedByReason() {
        Account account = Accounts.register();
        MetricsScrape before = MetricsScrape.now();

        rejected(Tokens.expired(account.id()));
        rejected(Tokens.signedByAnotherKey(account.id()));
        rejected(Tokens.unsigned(account.id()));
        rejected(Tokens.fromAnotherIssuer(account.id()));
        rejected(Tokens.notYetValid(account.id()));
        rejected("garbage");
        rejected(Tokens.withSubject("not-a-number"));
        given().put("/posts/1/vote").then().statusCode(401); // no token at all is not a rejected token

        MetricsScrape after = MetricsScrape.now();
        assertMoved(before, after, Map.of(
                "postwire_tokens_rejected_total{reason=\"expired\"}", 1.0,
                "postwire_tokens_rejected_total{reason=\"invalid_signature\"}", 2.0,
                "postwire_tokens_rejected_total{reason=\"invalid_issuer\"}", 1.0,
                "postwire_tokens_rejected_total{reason=\"malformed\"}", 1.0,
                "postwire_tokens_rejected_total{reason=\"unknown_subject\"}", 1.0,
                "postwire_tokens_rejected_total{reason=\"invalid_claims\"}", 1.0));
    }

    @Test
    void storedPostsGaugeFollowsTheTableWithoutCountingIt() {
        create(Accounts.register());
        // PostgreSQL publishes its statistics shortly after each commit.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                database.count("select count(*) from posts"),
                MetricsScrape.now().value("postwire_posts_stored")));
    }

    @Test
    void httpMetricsNameRouteTemplatesNeverRawIds() {
        Account account = Accounts.register();
        long id = create(account);
        account.request().get("/posts/{id}", id).then().statusCode(200);
        account.request().get("/posts/{id}", 123456789).then().statusCode(404);
        account.request().get("/posts/abc").then().statusCode(404);
        account.request().get("/users/{id}", account.id()).then().statusCode(200);
        given().put("/posts/{id}/vote", 987654321).then().statusCode(401);
        given().delete("/users/{id}", 555555555).then().statusCode(405);
        given().get("/no-such-route/{id}", 444444444).then().statusCode(404);
        given().contentType(ContentType.JSON).body("x".repeat(1_100_000)).put("/posts/{id}", 333333333)
                .then().statusCode(413);

        MetricsScrape scrape = MetricsScrape.now();
        Set<String> uris = scrape.uriLabels();
        Set<String> withIds = uris.stream().filter(uri -> uri.matches(".*/[0-9]+(/.*)?|.*/abc")).collect(Collectors.toSet());
        assertEquals(Set.of(), withIds, "uri labels holding raw path segments, in " + uris);
        assertTrue(uris.containsAll(Set.of("/posts/{id}", "/users/{id}", "/posts", "NOT_FOUND")), "uri labels " + uris);
        // Buckets for percentiles across pods; 0.5 s is the p95 alert's threshold.
        scrape.value("http_server_requests_seconds_bucket{caller=\"bearer\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/posts/{id}\",le=\"0.5\"}");
    }

    @Test
    void requestsAreCountedByWhetherTheyCameWithAToken() {
        Account reader = Accounts.register();
        long id = create(reader);
        given().get("/posts/{id}", id).then().statusCode(200);
        reader.request().get("/posts/{id}", id).then().statusCode(200);
        MetricsScrape before = MetricsScrape.now();

        given().get("/posts/{id}", id).then().statusCode(200);
        given().get("/posts/{id}", id).then().statusCode(200);
        reader.request().get("/posts/{id}", id).then().statusCode(200);

        MetricsScrape after = MetricsScrape.now();
        String series = "http_server_requests_seconds_count{caller=\"%s\",method=\"GET\",outcome=\"SUCCESS\","
                + "status=\"200\",uri=\"/posts/{id}\"}";
        assertMoved(before, after, Map.of(series.formatted("anonymous"), 2.0, series.formatted("bearer"), 1.0));
    }

    @Test
    void poolAndJvmMetricsAreExportedInThePrometheusTextFormat() {
        ManagementInterface.given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .contentType(containsString("text/plain"));
        MetricsScrape scrape = MetricsScrape.now();
        assertTrue(scrape.value("agroal_max_used_count{datasource=\"default\"}") >= 1, "the pool has served connections");
        scrape.value("agroal_active_count{datasource=\"default\"}");
        scrape.value("agroal_awaiting_count{datasource=\"default\"}");
        // Series that exist from the start: jvm_gc_pause_seconds appears only after the first collection.
        assertTrue(scrape.metricNames().containsAll(Set.of("jvm_memory_used_bytes", "jvm_memory_max_bytes",
                "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads", "process_cpu_usage")), "JVM metrics");
    }

    private static long create(Account owner) {
        return owner.request().contentType(ContentType.JSON).body(POST_BODY).post("/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void rejected(String token) {
        given().auth().oauth2(token).get("/posts").then().statusCode(401);
    }

    /** Each series moved by exactly its delta between the two scrapes. */
    private static void assertMoved(MetricsScrape before, MetricsScrape after, Map<String, Double> deltas) {
        Map<String, Double> moved = deltas.keySet().stream()
                .collect(Collectors.toMap(series -> series, series -> after.movedSince(before, series)));
        assertEquals(deltas, moved);
    }
}
