package io.postwire.post;

import static io.postwire.support.Problems.assertProblem;
import static io.postwire.support.Problems.assertViolation;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** ETags and If-Match against lost updates, Idempotency-Key against retried creates, bounded search text. */
@QuarkusTest
class PostHardeningTest {

    @Inject
    TestDatabase database;

    @Inject
    IdempotencyKeyPurge purge;

    @Inject
    AgroalDataSource dataSource;

    // --- ETag, If-None-Match, If-Match ---------------------------------------

    @Test
    void getGivesAStrongETagAndIfNoneMatchWithItIs304() {
        Account owner = Accounts.register();
        long id = create(owner, Map.of("title", "t", "content", "c"));
        String etag = owner.request().get("/posts/{id}", id).then().statusCode(200).extract().header("ETag");
        assertEquals("\"0\"", etag);
        owner.request().header("If-None-Match", etag).get("/posts/{id}", id)
                .then().statusCode(304).header("ETag", etag);
        owner.request().header("If-None-Match", "\"41\"").get("/posts/{id}", id).then().statusCode(200);
    }

    @Test
    void putWithTheCurrentETagReplacesAndGivesTheNextOne() {
        Account owner = Accounts.register();
        long id = create(owner, Map.of("title", "t", "content", "c"));
        String etag = owner.request().get("/posts/{id}", id).then().extract().header("ETag");
        String next = replace(owner, id, etag, "second").then().statusCode(200)
                .body("title", equalTo("second")).extract().header("ETag");
        assertNotEquals(etag, next);
        owner.request().get("/posts/{id}", id).then().header("ETag", next);
    }

    @Test
    void aWriteBasedOnAStaleReadIs412AndChangesNothing() {
        Account owner = Accounts.register();
        long id = create(owner, Map.of("title", "t", "content", "c"));
        String read = owner.request().get("/posts/{id}", id).then().extract().header("ETag");
        replace(owner, id, read, "first editor").then().statusCode(200);

        assertProblem(replace(owner, id, read, "second editor").then(), 412);
        assertProblem(owner.request().header("If-Match", read).delete("/posts/{id}", id).then(), 412);
        owner.request().get("/posts/{id}", id).then().statusCode(200).body("title", equalTo("first editor"));
    }

    @Test
    void deleteWithTheCurrentETagDeletes() {
        Account owner = Accounts.register();
        long id = create(owner, Map.of("title", "t", "content", "c"));
        String etag = owner.request().get("/posts/{id}", id).then().extract().header("ETag");
        owner.request().header("If-Match", etag).delete("/posts/{id}", id).then().statusCode(204);
        owner.request().get("/posts/{id}", id).then().statusCode(404);
    }

    @Test
    void withoutIfMatchTheLastWriteWins() {
        Account owner = Accounts.register();
        long id = create(owner, Map.of("title", "t", "content", "c"));
        replace(owner, id, null, "one").then().statusCode(200);
        replace(owner, id, null, "two").then().statusCode(200).header("ETag", "\"2\"");
        owner.request().get("/posts/{id}", id).then().body("title", equalTo("two"));
    }

    // --- Idempotency-Key ------------------------------------------------------

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheOriginalResponseAndCreatesNothing() {
        Account owner = Accounts.register();
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = createWithKey(owner, key, "retried").then().statusCode(201).extract();
        ExtractableResponse<Response> retry = createWithKey(owner, key, "retried").then().statusCode(201).extract();
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(first.jsonPath().getMap(""), retry.jsonPath().getMap(""));
        assertEquals(1, database.count("select count(*) from posts where owner_id = ?", owner.id()));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        Account owner = Accounts.register();
        String key = UUID.randomUUID().toString();
        createWithKey(owner, key, "first").then().statusCode(201);
        assertViolation(createWithKey(owner, key, "other").then(), "Idempotency-Key");
        assertEquals(1, database.count("select count(*) from posts where owner_id = ?", owner.id()));
    }

    @Test
    void aKeyWhoseRequestIsStillRunningIs409AtOnceAndCreatesNothing() throws SQLException {
        Account owner = Accounts.register();
        String key = UUID.randomUUID().toString();
        // What a request with the key holds while it runs: the key's lock, in its transaction.
        try (Connection running = dataSource.getConnection()) {
            running.setAutoCommit(false);
            try (PreparedStatement lock = running.prepareStatement(
                    "select pg_advisory_xact_lock(hashtextextended(? || '/' || ?, 0))")) {
                lock.setString(1, String.valueOf(owner.id()));
                lock.setString(2, key);
                lock.execute();
            }
            assertProblem(createWithKey(owner, key, "concurrent").then(), 409);
            running.rollback();
        }
        assertEquals(0, database.count("select count(*) from posts where owner_id = ?", owner.id()));
        createWithKey(owner, key, "concurrent").then().statusCode(201);
    }

    @Test
    void aKeyClaimedByAnEarlierVersionWhoseRequestStillRunsIs409() {
        Account owner = Accounts.register();
        String key = UUID.randomUUID().toString();
        database.update("insert into idempotency_keys (user_id, idempotency_key, request_hash, claimed_at, expires_at)"
                + " values (?, ?, repeat('0', 64), now(), now() + interval '1 day')", owner.id(), key);
        assertProblem(createWithKey(owner, key, "concurrent").then(), 409);
        assertEquals(0, database.count("select count(*) from posts where owner_id = ?", owner.id()));
    }

    @Test
    void keysAreScopedToTheirUser() {
        Account one = Accounts.register();
        Account other = Accounts.register();
        String key = UUID.randomUUID().toString();
        long first = createWithKey(one, key, "same").then().statusCode(201).extract().jsonPath().getLong("id");
        long second = createWithKey(other, key, "same").then().statusCode(201).extract().jsonPath().getLong("id");
        assertNotEquals(first, second);
    }

    @Test
    void anExpiredKeyCreatesAgainAndThePurgeDeletesExpiredKeys() {
        Account owner = Accounts.register();
        String key = UUID.randomUUID().toString();
        createWithKey(owner, key, "old").then().statusCode(201);
        database.update("update idempotency_keys set expires_at = ? where user_id = ?",
                Timestamp.from(Instant.now().minusSeconds(1)), owner.id());
        createWithKey(owner, key, "old").then().statusCode(201);
        assertEquals(2, database.count("select count(*) from posts where owner_id = ?", owner.id()));

        database.update("update idempotency_keys set expires_at = ? where user_id = ?",
                Timestamp.from(Instant.now().minusSeconds(1)), owner.id());
        purge.purge();
        assertEquals(0, database.count("select count(*) from idempotency_keys where user_id = ?", owner.id()));
    }

    @Test
    void aMalformedKeyIs422() {
        Account owner = Accounts.register();
        assertViolation(createWithKey(owner, "x".repeat(256), "t").then(), "Idempotency-Key");
    }

    // --- limits ---------------------------------------------------------------

    @Test
    void searchTextIsBoundedIn422() {
        Account account = Accounts.register();
        account.request().queryParam("search", "x".repeat(PostResource.SEARCH_MAX_LENGTH)).get("/posts")
                .then().statusCode(200);
        assertViolation(account.request().queryParam("search", "x".repeat(PostResource.SEARCH_MAX_LENGTH + 1))
                .get("/posts").then(), "search");
    }

    private static long create(Account owner, Map<String, Object> body) {
        return owner.request().contentType(ContentType.JSON).body(body).post("/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static Response createWithKey(Account owner, String key, String title) {
        return owner.request().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("title", title, "content", "c")).post("/posts");
    }

    private static Response replace(Account owner, long id, String ifMatch, String title) {
        var request = owner.request().contentType(ContentType.JSON).body(Map.of("title", title, "content", "c"));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.put("/posts/{id}", id);
    }
}
