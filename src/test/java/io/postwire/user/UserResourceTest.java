package io.postwire.user;

import static io.postwire.support.Problems.assertBearerChallenge;
import static io.postwire.support.Problems.assertProblem;
import static io.postwire.support.Problems.assertViolation;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.TestDatabase;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

@QuarkusTest
class UserResourceTest {

    @Inject
    TestDatabase database;

    @Test
    void registerReturns201WithTheUserAndNeverThePassword() {
        String email = Accounts.uniqueEmail();
        var response = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse"))
                .post("/users")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("$", aMapWithSize(4))
                .body("id", notNullValue())
                .body("email", equalTo(email))
                .body("created_at", notNullValue())
                .body(not(containsStringIgnoringCase("password")))
                .body(not(containsStringIgnoringCase("hash")))
                .extract();
        long id = response.jsonPath().getLong("id");
        assertTrue(response.header("Location").endsWith("/users/" + id));
    }

    @Test
    void passwordIsStoredOnlyAsABcryptHash() {
        String email = Accounts.uniqueEmail();
        register(email, "correct horse").statusCode(201);

        String stored = database.value("select password_hash from users where email = ?", email);
        assertTrue(stored.startsWith("$2"), "a bcrypt hash in modular crypt format: " + stored);
        assertTrue(BcryptUtil.matches("correct horse", stored));
        assertFalse(stored.contains("correct horse"));
    }

    @Test
    void emailIsStoredNormalisedAndUniqueCaseInsensitively() {
        String email = Accounts.uniqueEmail();
        String shouted = "  " + email.toUpperCase() + " ";

        register(shouted, "correct horse").statusCode(201).body("email", equalTo(email));
        assertEquals(email, database.value("select email from users where email = ?", email));

        assertProblem(register(email, "another password"), 409);
        assertProblem(given().contentType(ContentType.JSON)
                .body(Map.of("email", email.toUpperCase(), "password", "another password", "name", "Ada"))
                .post("/create_user").then(), 409);
        assertEquals(1, database.count("select count(*) from users where email = ?", email));
    }

    @Test
    void concurrentRegistrationsOfOneEmailCreateOneAccountAndOtherwise409() throws Exception {
        String email = Accounts.uniqueEmail();
        int attempts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String casing = i % 2 == 0 ? email : email.toUpperCase();
                statuses.add(pool.submit(() -> {
                    start.await();
                    return register(casing, "correct horse").extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                results.add(status.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, Collections.frequency(results, 201), "exactly one created: " + results);
            assertEquals(attempts - 1, Collections.frequency(results, 409), "all others conflict: " + results);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, database.count("select count(*) from users where email = ?", email));
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-an-email", "a@b", "two@@example.com", "spaces in@example.com", "" })
    void invalidEmailIs422NamingTheField(String email) {
        assertViolation(register(email, "correct horse"), "email");
    }

    @Test
    void passwordShorterThan8CharactersIs422NamingTheField() {
        assertViolation(register(Accounts.uniqueEmail(), "1234567"), "password");
    }

    @Test
    void passwordOverBcrypts72BytesIs422() {
        // 25 characters, 75 bytes: bcrypt would silently ignore the tail.
        assertViolation(register(Accounts.uniqueEmail(), "€".repeat(25)), "password");
        register(Accounts.uniqueEmail(), "€".repeat(24)).statusCode(201);
    }

    @Test
    void missingFieldsAre422NamingEachField() {
        assertViolation(given().contentType(ContentType.JSON).body(Map.of("email", Accounts.uniqueEmail()))
                .post("/users").then(), "password");
        assertViolation(given().contentType(ContentType.JSON).body(Map.of("password", "correct horse"))
                .post("/users").then(), "email");
    }

    @Test
    void wrongJsonTypeIs422NamingTheField() {
        assertViolation(given().contentType(ContentType.JSON)
                .body("{\"email\": {\"nested\": 1}, \"password\": \"correct horse\"}")
                .post("/users").then(), "email");
        assertProblem(given().contentType(ContentType.JSON).body("[1, 2]").post("/users").then(), 422);
    }

    @Test
    void malformedJsonIs400WithoutEchoingTheBody() {
        assertProblem(given().contentType(ContentType.JSON)
                .body("{\"email\": \"a@example.com\", \"password\": \"secret-value\",")
                .post("/users").then(), 400)
                .body("detail", equalTo("The request body is not valid JSON"))
                .body(not(containsStringIgnoringCase("secret-value")));
    }

    @Test
    void bodyOverOneMebibyteIs413AndNothingIsStored() {
        String email = Accounts.uniqueEmail();
        String body = "{\"email\": \"" + email + "\", \"password\": \"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(given().contentType(ContentType.JSON).body(body).post("/users").then(), 413);
        assertEquals(0, database.count("select count(*) from users where email = ?", email));
    }

    @Test
    void otherContentTypeIs415() {
        assertProblem(given().contentType(ContentType.TEXT).body("hello").post("/users").then(), 415);
    }

    @Test
    void meReturnsTheTokensUser() {
        Account account = Accounts.register();
        account.request().get("/users/me")
                .then().statusCode(200)
                .body("id", equalTo((int) account.id()))
                .body("email", equalTo(account.email()))
                .body("$", not(hasKey("password_hash")));
    }

    @Test
    void userByIdReturnsThatUser() {
        Account caller = Accounts.register();
        Account other = Accounts.register();
        caller.request().get("/users/{id}", other.id())
                .then().statusCode(200)
                .body("id", equalTo((int) other.id()))
                .body("email", equalTo(other.email()))
                .body("created_at", notNullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-1", "9223372036854775807", "99999999999999999999", "abc" })
    void unknownOrMalformedUserIdIs404(String id) {
        assertProblem(Accounts.register().request().get("/users/" + id).then(), 404);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/users/me", "/users/1" })
    void readingUsersNeedsABearerToken(String path) {
        assertBearerChallenge(given().get(path).then());
        assertBearerChallenge(given().auth().oauth2("not.a.token").get(path).then());
    }

    private static ValidatableResponse register(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/users")
                .then();
    }
}
