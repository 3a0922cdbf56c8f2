package io.postwire.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Every response carries the security headers, errors included; CORS is off unless configured; bad headers are 4xx. */
@QuarkusTest
class SecurityHeadersTest {

    @Test
    void apiResponsesAreNotSniffedFramedOrStored() {
        Account account = Accounts.register();
        assertApiHeaders(account.request().get("/posts").then().statusCode(200));
        assertApiHeaders(account.request().get("/users/me").then().statusCode(200));
        assertApiHeaders(given().get("/users/me").then().statusCode(401));
        assertApiHeaders(account.request().get("/posts/0").then().statusCode(404));
        assertApiHeaders(given().get("/no-such-path").then().statusCode(404));
        assertApiHeaders(given().contentType(ContentType.JSON).body(Map.of("email", "x")).post("/users")
                .then().statusCode(422));
        assertApiHeaders(given().contentType(ContentType.JSON).body("x".repeat(1024 * 1024 + 1))
                .post("/users").then().statusCode(413));
    }

    @Test
    void swaggerUiGetsAPolicyThatLetsItsOwnScriptsRun() {
        given().get("/q/swagger-ui/").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", containsString("script-src 'self' 'unsafe-inline'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }

    @Test
    void corsIsOffByDefault() {
        given().header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "GET")
                .options("/posts")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://elsewhere.example").get("/posts")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    /** Found by OpenApiFuzzIT: an unparseable Content-Type was a 500. */
    @Test
    void aMalformedContentTypeIs400ProblemJson() {
        Problems.assertProblem(given().header("Content-Type", "garbage").body("{}".getBytes()).post("/login").then(), 400);
    }

    private static void assertApiHeaders(ValidatableResponse response) {
        response.header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("Cache-Control", equalTo("no-store"))
                .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
    }
}
