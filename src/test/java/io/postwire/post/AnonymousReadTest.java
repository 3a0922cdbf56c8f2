package io.postwire.post;

import static io.postwire.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Reading without a token: published posts only, and nothing that only a signed-in caller is told. */
@QuarkusTest
class AnonymousReadTest {

    private static long create(Account owner, String title, boolean published) {
        return owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", "Some text", "published", published))
                .post("/posts").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void aPublishedPostIsReadWithoutAToken() {
        Account owner = Accounts.register();
        long id = create(owner, "Open to all", true);
        given().get("/posts/{id}", id).then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("title", equalTo("Open to all"))
                .body("owner.email", equalTo(owner.email()))
                .body("votes", equalTo(0))
                .body("$", not(hasKey("voted")))
                .header("ETag", "\"0\"");
    }

    @Test
    void aDraftIsNotFoundWithoutAToken() {
        long draft = create(Accounts.register(), "Not yet", false);
        assertProblem(given().get("/posts/{id}", draft).then(), 404);
    }

    @Test
    void theListWithoutATokenHoldsThePublishedPostsOnly() {
        Account owner = Accounts.register();
        String tag = "anon-" + UUID.randomUUID();
        long published = create(owner, tag + " published", true);
        create(owner, tag + " draft", false);
        given().queryParam("search", tag).get("/posts").then().statusCode(200)
                .header("X-Total-Count", "1")
                .body("id", contains((int) published))
                .body("", everyItem(not(hasKey("voted"))));
        owner.request().queryParam("search", tag).get("/posts").then().statusCode(200)
                .header("X-Total-Count", "2");
    }

    @Test
    void theListWithoutATokenIsPagedByCursorLikeAnyOther() {
        Account owner = Accounts.register();
        String tag = "anon-page-" + UUID.randomUUID();
        long older = create(owner, tag + " 1", true);
        create(owner, tag + " draft", false);
        long newer = create(owner, tag + " 2", true);
        String next = given().queryParam("search", tag).queryParam("limit", 1).get("/posts").then().statusCode(200)
                .body("id", contains((int) newer)).extract().header("Link");
        String path = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
        given().urlEncodingEnabled(false).get(path).then().statusCode(200).body("id", contains((int) older));
    }

    @Test
    void aRejectedTokenIsStill401OnAnOpenRead() {
        long id = create(Accounts.register(), "Open", true);
        assertProblem(given().auth().oauth2("garbage").get("/posts/{id}", id).then(), 401);
    }
}
