package io.postwire.compat;

import static io.postwire.support.Problems.assertProblem;
import static io.postwire.support.Problems.assertViolation;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.MetricsScrape;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * A client of the original FastAPI service, call by call in the order it makes them, with the
 * original's bodies and paths: every call is served, with the status the client branches on and
 * every field the original's response had (Postwire's own statuses and shapes where the two
 * share a path; docs/migrating.md lists each difference).
 */
@QuarkusTest
class OriginalClientTest {

    private static final String PASSWORD = "correct horse";
    /** The fields of a post in the original's responses. */
    private static final Set<String> ORIGINAL_POST_FIELDS = Set.of("title", "content", "published", "owner_id", "owner");

    @Test
    void anOriginalClientsSessionIsServedCallByCall() {
        String email = Accounts.uniqueEmail();
        createUser(Map.of("email", email, "name", "Ada", "password", PASSWORD, "age", 36))
                .statusCode(201)
                .body("email", equalTo(email))
                .body("name", equalTo("Ada"));
        // The original required a name; as an old name of POST /users the path takes one without.
        createUser(Map.of("email", Accounts.uniqueEmail(), "password", PASSWORD, "age", 36)).statusCode(201)
                .body("name", nullValue());
        assertViolation(createUser(Map.of("email", Accounts.uniqueEmail(), "name", " ", "password", PASSWORD)), "name");
        assertProblem(createUser(Map.of("email", email, "name", "Eve", "password", PASSWORD, "age", 20)), 409);

        String token = given().formParam("username", email).formParam("password", PASSWORD)
                .post("/login")
                .then().statusCode(200)
                .body("token_type", equalTo("bearer"))
                .extract().path("access_token");

        long published = upload(token, Map.of("title", "Hello", "content", "From the original client"))
                .statusCode(201)
                .body("published", equalTo(true))
                .extract().jsonPath().getLong("id");
        long draft = upload(token, Map.of("title", "Draft", "content", "Not yet", "published", false))
                .statusCode(201)
                .body("published", equalTo(false))
                .extract().jsonPath().getLong("id");
        long third = assertOriginalPost(upload(token, Map.of("title", "Third", "content", "And more")).statusCode(201),
                email).extract().jsonPath().getLong("id");

        for (String list : new String[] { "/posts/", "/posts" }) {
            List<Map<String, Object>> mine = withToken(token).get(list).then().statusCode(200)
                    .extract().jsonPath().param("email", email).getList("findAll { it.owner.email == email }");
            assertEquals(Set.of(published, draft, third), mine.stream()
                    .map(post -> ((Number) post.get("id")).longValue()).collect(Collectors.toSet()), list);
            for (Map<String, Object> post : mine) {
                assertTrue(post.keySet().containsAll(ORIGINAL_POST_FIELDS), list + ": " + post);
                Map<?, ?> owner = (Map<?, ?>) post.get("owner");
                assertEquals(List.of(email, "Ada"), List.of(owner.get("email"), owner.get("name")), list);
            }
        }

        assertOriginalPost(given().get("/posts/" + published).then().statusCode(200), email)
                .body("title", equalTo("Hello"));
        assertProblem(given().get("/posts/" + Long.MAX_VALUE).then(), 404);

        Map<String, Object> replacement = Map.of("title", "Hello again", "content", "Edited", "published", true);
        // The original let anyone replace any post; Postwire's owner check stands.
        assertProblem(given().contentType(ContentType.JSON).body(replacement).put("/posts/" + published).then(), 401);
        assertOriginalPost(withToken(token).contentType(ContentType.JSON).body(replacement)
                .put("/posts/" + published).then().statusCode(200), email)
                .body("title", equalTo("Hello again"));

        vote(token, published, 1).statusCode(201);
        assertProblem(vote(token, published, 1), 409);
        assertEquals(1, given().get("/posts/" + published).then().extract().jsonPath().getInt("votes"));
        vote(token, published, 0).statusCode(201);
        assertProblem(vote(token, published, 0), 404);
        assertProblem(vote(token, published, -1), 404);
        assertViolation(vote(token, published, 2), "dir");
        assertProblem(vote(token, Long.MAX_VALUE, 1), 404);
        assertEquals(0, given().get("/posts/" + published).then().extract().jsonPath().getInt("votes"));

        String otherToken = Accounts.register().token();
        assertProblem(withToken(otherToken).delete("/posts/delete/" + published).then(), 403);
        withToken(token).delete("/posts/delete/" + published).then().statusCode(204);
        assertProblem(withToken(token).delete("/posts/delete/" + published).then(), 404);
        assertProblem(given().get("/posts/" + published).then(), 404);
    }

    @Test
    void everyOriginalPathIsServedWithAndWithoutTheTrailingSlash() {
        for (String slash : new String[] { "", "/" }) {
            String email = Accounts.uniqueEmail();
            createUser(slash, Map.of("email", email, "name", "Ada", "password", PASSWORD, "age", 36)).statusCode(201);
            String token = given().formParam("username", email).formParam("password", PASSWORD)
                    .post("/login" + slash).then().statusCode(200).extract().path("access_token");
            long id = withToken(token).contentType(ContentType.JSON)
                    .body(Map.of("title", "Slash", "content", "or not"))
                    .post("/posts/upload" + slash).then().statusCode(201).extract().jsonPath().getLong("id");
            withToken(token).get("/posts" + slash).then().statusCode(200).body("id", hasItem((int) id));
            given().get("/posts/" + id + slash).then().statusCode(200).body("id", equalTo((int) id));
            withToken(token).contentType(ContentType.JSON)
                    .body(Map.of("title", "Slash", "content", "replaced", "published", true))
                    .put("/posts/" + id + slash).then().statusCode(200).body("content", equalTo("replaced"));
            withToken(token).contentType(ContentType.JSON).body(Map.of("post_id", id, "dir", 1))
                    .post("/votes" + slash).then().statusCode(201);
            withToken(token).delete("/posts/delete/" + id + slash).then().statusCode(204);
        }
    }

    @Test
    void anOldPathBehavesAsItsEndpointAndIsCountedByThePath() {
        String token = Accounts.register().token();
        MetricsScrape before = MetricsScrape.now();
        Set<Long> created = new HashSet<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            created.add(withToken(token).contentType(ContentType.JSON).header("Idempotency-Key", "original-upload")
                    .body(Map.of("title", "Once", "content", "however often it is sent"))
                    .post("/posts/upload").then().statusCode(201).extract().jsonPath().getLong("id"));
        }
        assertEquals(1, created.size(), "the retry with the same Idempotency-Key created another post");
        withToken(token).get("/posts/upload").then().statusCode(404);
        MetricsScrape after = MetricsScrape.now();
        assertEquals(2, after.movedSince(before,
                "postwire_original_path_requests_total{method=\"POST\",path=\"/posts/upload\"}"));
    }

    @Test
    void theOriginalsPathsAreDeprecatedInTheOpenApiDocumentAndNameThePathToUse() {
        ValidatableResponse document = given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200);
        Map<String, String> aliases = Map.of(
                "paths.'/create_user'.post", "POST /users",
                "paths.'/posts/upload'.post", "POST /posts",
                "paths.'/posts/delete/{id}'.delete", "DELETE /posts/{id}",
                "paths.'/votes'.post", "PUT or DELETE /posts/{id}/vote");
        aliases.forEach((operation, instead) -> document
                .body(operation + ".deprecated", equalTo(true))
                .body(operation + ".description", containsString("Use " + instead)));
        document.body("paths.'/posts'.get.deprecated", not(equalTo(true)))
                .body("paths.'/posts/{id}'.get.deprecated", not(equalTo(true)));
    }

    private static ValidatableResponse createUser(Map<String, Object> body) {
        return createUser("", body);
    }

    private static ValidatableResponse createUser(String slash, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/create_user" + slash).then();
    }

    private static ValidatableResponse upload(String token, Map<String, Object> body) {
        return withToken(token).contentType(ContentType.JSON).body(body).post("/posts/upload").then();
    }

    private static ValidatableResponse vote(String token, long postId, int dir) {
        return withToken(token).contentType(ContentType.JSON).body(Map.of("post_id", postId, "dir", dir))
                .post("/votes/").then();
    }

    private static RequestSpecification withToken(String token) {
        return given().auth().oauth2(token);
    }

    /** Every field of the original's post, with its owner's. */
    private static ValidatableResponse assertOriginalPost(ValidatableResponse response, String ownerEmail) {
        for (String field : ORIGINAL_POST_FIELDS) {
            response.body("$", hasKey(field));
        }
        return response.body("owner.email", equalTo(ownerEmail)).body("owner.name", equalTo("Ada"));
    }
}
