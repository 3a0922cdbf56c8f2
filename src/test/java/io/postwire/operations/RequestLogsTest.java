package io.postwire.operations;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.CapturedLogs;
import io.postwire.support.CapturedLogs.Line;
import io.postwire.support.TestDatabase;
import io.postwire.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** What the service logs of a request: its request id on every line, never a password, token or hash. */
@QuarkusTest
class RequestLogsTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Inject
    TestDatabase database;

    @Test
    void aRequestWithoutIdGetsANewOneInItsResponseAndLogLines() {
        try (CapturedLogs logs = CapturedLogs.start()) {
            String id = given().get("/no-such-route").then().statusCode(404)
                    .header("X-Request-Id", matchesPattern(UUID_PATTERN))
                    .extract().header("X-Request-Id");
            String other = given().get("/no-such-route").then().extract().header("X-Request-Id");

            assertTrue(!id.equals(other), "each request gets its own id");
            awaitLineOf(logs, id, "GET /no-such-route");
        }
    }

    @Test
    void theCallersIdIsKeptWhenItIsAPlainToken() {
        String id = "edge-7f3a.b_9:" + UUID.randomUUID().toString().substring(0, 8);
        try (CapturedLogs logs = CapturedLogs.start()) {
            given().header("X-Request-Id", id).get("/users/me").then().statusCode(401)
                    .header("X-Request-Id", equalTo(id));
            awaitLineOf(logs, id, "GET /users/me");
        }
    }

    @Test
    void anUnsafeOrOverlongIdIsReplaced() {
        for (String unsafe : List.of("has spaces", "quote\"d", "<script>", "x".repeat(65), "ünïcode", "")) {
            given().header("X-Request-Id", unsafe).get("/no-such-route").then().statusCode(404)
                    .header("X-Request-Id", matchesPattern(UUID_PATTERN));
        }
    }

    @Test
    void registrationAndLoginNeverLogAPasswordTokenOrHash() {
        String password = "pw-secret-" + UUID.randomUUID();
        String wrongPassword = "pw-wrong-" + UUID.randomUUID();
        String rejectedPassword = "short" + (int) (Math.random() * 10); // under 8 characters: 422
        String email = Accounts.uniqueEmail();
        try (CapturedLogs logs = CapturedLogs.start()) {
            register(email, password).statusCode(201);
            register(email, password).statusCode(409);
            register(Accounts.uniqueEmail(), rejectedPassword).statusCode(422);
            given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + wrongPassword)
                    .post("/users").then().statusCode(400);
            String token = given().formParam("username", email).formParam("password", password).post("/login")
                    .then().statusCode(200).extract().path("access_token");
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", wrongPassword))
                    .post("/login").then().statusCode(401);
            given().formParam("username", email).formParam("password", wrongPassword).post("/login")
                    .then().statusCode(401);
            given().auth().oauth2(token).get("/users/me").then().statusCode(200);
            long userId = database.count("select id from users where email = ?", email);
            String expired = Tokens.expired(userId);
            String forged = Tokens.signedByAnotherKey(userId);
            given().auth().oauth2(expired).get("/users/me").then().statusCode(401);
            given().auth().oauth2(forged).get("/users/me").then().statusCode(401);
            String hash = database.value("select password_hash from users where id = ?", userId);

            // The requests above were logged (one access-log line each), just not their secrets.
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
                    .filter(line -> line.text().contains("/login") || line.text().contains("/users")).count() >= 10);
            for (String secret : List.of(password, wrongPassword, rejectedPassword, token, expired, forged, hash,
                    signatureOf(token), signatureOf(forged))) {
                List<String> leaking = logs.lines().stream().map(Line::text).filter(text -> text.contains(secret)).toList();
                assertEquals(List.of(), leaking, "log lines holding a secret");
            }
        }
    }

    @Test
    void responsesOfAllKindsCarryTheId() {
        Account account = Accounts.register();
        account.request().get("/posts/{id}", 123456789).then().statusCode(404).header("X-Request-Id", not(""));
        given().contentType(ContentType.JSON).body("x".repeat(1_100_000)).post("/posts").then().statusCode(413)
                .header("X-Request-Id", matchesPattern(UUID_PATTERN));
    }

    private static io.restassured.response.ValidatableResponse register(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/users").then();
    }

    private static String signatureOf(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    private static void awaitLineOf(CapturedLogs logs, String requestId, String text) {
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
                .anyMatch(line -> requestId.equals(line.requestId()) && line.text().contains(text)));
    }
}
