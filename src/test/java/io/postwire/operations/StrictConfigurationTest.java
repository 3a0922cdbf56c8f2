package io.postwire.operations;

import static io.postwire.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The switches a stricter deployment turns on: If-Match required, CORS for one origin, no Swagger UI. */
@QuarkusTest
@TestProfile(StrictConfigurationTest.Strict.class)
class StrictConfigurationTest {

    static final String APP_ORIGIN = "https://app.example";

    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "postwire.posts.require-if-match", "true",
                    "quarkus.http.cors.enabled", "true",
                    "quarkus.http.cors.origins", APP_ORIGIN,
                    "quarkus.swagger-ui.enable", "false");
        }
    }

    @Test
    void putAndDeleteWithoutIfMatchAre428AndChangeNothing() {
        Account owner = Accounts.register();
        long id = owner.request().contentType(ContentType.JSON).body(Map.of("title", "t", "content", "c"))
                .post("/posts").then().statusCode(201).extract().jsonPath().getLong("id");
        assertProblem(owner.request().contentType(ContentType.JSON).body(Map.of("title", "x", "content", "x"))
                .put("/posts/{id}", id).then(), 428);
        assertProblem(owner.request().delete("/posts/{id}", id).then(), 428);
        owner.request().header("If-Match", "\"0\"").delete("/posts/{id}", id).then().statusCode(204);
    }

    @Test
    void corsAllowsOnlyTheConfiguredOrigins() {
        given().header("Origin", APP_ORIGIN).header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,if-match")
                .options("/posts/1")
                .then().header("Access-Control-Allow-Origin", APP_ORIGIN);
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "GET")
                .options("/posts")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void swaggerUiCanBeSwitchedOff() {
        given().get("/q/swagger-ui/").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200);
    }
}
