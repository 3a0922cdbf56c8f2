package io.postwire.post;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * What shared caches (CDN, Varnish, an ingress) and browsers may keep: anonymous reads of published
 * posts are public for a short freshness; every other response, to a token, an error, a write, is
 * never stored.
 */
@QuarkusTest
class CacheHeadersTest {

    /** application.properties' defaults: 30 s fresh, 30 s stale while revalidating, 5 min on errors. */
    static final String SHARED = "public, max-age=30, s-maxage=30, stale-while-revalidate=30, stale-if-error=300";

    private static long create(Account owner, String title, boolean published) {
        return owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", "Some text", "published", published))
                .post("/posts").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static ValidatableResponse assertShared(Response response, int status) {
        return response.then().statusCode(status)
                .header("Cache-Control", equalTo(SHARED))
                .header("Vary", equalTo("Authorization"));
    }

    /** Exactly one Cache-Control, so that no cache has to choose between two. */
    private static ValidatableResponse assertNeverStored(Response response, int status) {
        org.junit.jupiter.api.Assertions.assertEquals(1, response.headers().getValues("Cache-Control").size(),
                () -> "Cache-Control headers: " + response.headers().getValues("Cache-Control"));
        return response.then().statusCode(status).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void anAnonymousReadOfAPublishedPostIsSharedForAShortWhileWithItsETag() {
        long id = create(Accounts.register(), "Shared", true);
        Response read = given().get("/posts/{id}", id);
        org.junit.jupiter.api.Assertions.assertEquals(1, read.headers().getValues("Cache-Control").size());
        assertShared(read, 200).header("ETag", "\"0\"");
    }

    @Test
    void anAnonymousRevalidationIs304WithTheSameCacheHeaders() {
        long id = create(Accounts.register(), "Revalidated", true);
        String etag = given().get("/posts/{id}", id).then().statusCode(200).extract().header("ETag");
        assertShared(given().header("If-None-Match", etag).get("/posts/{id}", id), 304)
                .header("ETag", etag);
    }

    @Test
    void anAnonymousListIsShared() {
        create(Accounts.register(), "Listed", true);
        assertShared(given().get("/posts"), 200);
        assertShared(given().queryParam("search", "nothing-" + UUID.randomUUID()).get("/posts"), 200)
                .body("", hasSize(0));
    }

    @Test
    void aSignedInReadIsNeverStoredButStillRevalidates() {
        Account owner = Accounts.register();
        long id = create(owner, "Mine", true);
        owner.request().get("/posts/{id}", id).then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .header("Vary", equalTo("Authorization"));
        owner.request().header("If-None-Match", "\"0\"").get("/posts/{id}", id).then().statusCode(304)
                .header("Cache-Control", equalTo("no-store"));
        owner.request().get("/posts").then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .header("Vary", equalTo("Authorization"));
    }

    @Test
    void aDraftIsNeverStoredByAnyone() {
        Account owner = Accounts.register();
        long draft = create(owner, "Draft", false);
        owner.request().get("/posts/{id}", draft).then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"));
        assertNeverStored(given().get("/posts/{id}", draft), 404).header("Vary", nullValue());
    }

    @Test
    void aMissingOrDeletedPostIsNeverStored() {
        Account owner = Accounts.register();
        long id = create(owner, "Soon gone", true);
        owner.request().delete("/posts/{id}", id).then().statusCode(204);
        assertNeverStored(given().get("/posts/{id}", id), 404);
        assertNeverStored(owner.request().get("/posts/{id}", id), 404);
        assertNeverStored(given().get("/posts/{id}", Long.MAX_VALUE), 404);
        assertNeverStored(given().get("/posts/not-a-number"), 404);
    }

    @Test
    void anUnpublishedPostStopsBeingShared() {
        Account owner = Accounts.register();
        long id = create(owner, "Withdrawn", true);
        assertShared(given().get("/posts/{id}", id), 200);
        owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", "Withdrawn", "content", "Some text", "published", false))
                .put("/posts/{id}", id).then().statusCode(200);
        assertNeverStored(given().get("/posts/{id}", id), 404);
    }

    @Test
    void errorsOfReadsAreNeverStored() {
        assertNeverStored(given().queryParam("limit", 0).get("/posts"), 422);
        assertNeverStored(given().auth().oauth2("garbage").get("/posts"), 401);
        assertNeverStored(given().auth().oauth2("garbage").get("/posts/1"), 401);
        assertNeverStored(given().header("If-Match", "\"no-such-version\"")
                .get("/posts/{id}", create(Accounts.register(), "Precondition", true)), 412);
    }

    @Test
    void writesAndTheirAnswersAreNeverStored() {
        Account owner = Accounts.register();
        Response created = owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", "Written", "content", "Some text")).post("/posts");
        long id = assertNeverStored(created, 201).extract().jsonPath().getLong("id");
        assertNeverStored(owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", "Rewritten", "content", "Some text", "published", true))
                .put("/posts/{id}", id), 200);
        assertNeverStored(owner.request().put("/posts/{id}/vote", id), 204);
        assertNeverStored(owner.request().delete("/posts/{id}/vote", id), 204);
        assertNeverStored(given().contentType(ContentType.JSON)
                .body(Map.of("title", "x", "content", "y")).post("/posts"), 401);
        assertNeverStored(owner.request().delete("/posts/{id}", id), 204);
    }

    @Test
    void accountsAndTokensAreNeverStored() {
        Account account = Accounts.register();
        assertNeverStored(account.request().get("/users/me"), 200);
        assertNeverStored(account.request().get("/users/{id}", account.id()), 200);
        assertNeverStored(given().get("/users/me"), 401);
        assertNeverStored(given().formParam("username", account.email()).formParam("password", account.password())
                .post("/login"), 200);
        assertNeverStored(given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password())).post("/login"), 200);
        String refresh = given().formParam("username", account.email()).formParam("password", account.password())
                .post("/login").then().extract().path("refresh_token");
        assertNeverStored(given().contentType(ContentType.JSON).body(Map.of("refresh_token", refresh))
                .post("/token/refresh"), 200);
    }
}
