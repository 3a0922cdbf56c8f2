package io.postwire.auth;

import static io.postwire.support.Problems.assertBearerChallenge;
import static io.postwire.support.Problems.assertProblem;
import static io.postwire.support.Problems.assertViolation;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** Refresh tokens: issued at login, rotated on refresh, reuse revokes the family, logout and password change revoke. */
@QuarkusTest
class TokenLifecycleTest {

    @Inject
    TestDatabase database;

    @Test
    void loginReturnsAnOpaqueRefreshTokenStoredOnlyAsItsHash() {
        Account account = Accounts.register();
        JsonPath tokens = login(account);

        String refresh = tokens.getString("refresh_token");
        assertTrue(Base64.getUrlDecoder().decode(refresh).length >= 32, "at least 256 random bits");
        assertEquals(14 * 24 * 3600, tokens.getLong("refresh_expires_in"));
        assertEquals(600, tokens.getLong("expires_in"));
        assertEquals(1, database.count(
                "select count(*) from refresh_tokens where token_hash = sha256(convert_to(?, 'UTF8')) and user_id = ?",
                refresh, account.id()));
        assertEquals(0, database.count("select count(*) from refresh_tokens where encode(token_hash, 'escape') = ?",
                refresh), "never the token itself");
    }

    @Test
    void refreshRotatesThePairAndTheOldRefreshTokenStopsWorking() {
        Account account = Accounts.register();
        String first = login(account).getString("refresh_token");

        JsonPath renewed = refreshWithJson(first).statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("bearer"))
                .body("access_token", notNullValue())
                .body("refresh_token", not(equalTo(first)))
                .extract().jsonPath();
        given().auth().oauth2(renewed.getString("access_token")).get("/users/me")
                .then().statusCode(200).body("id", equalTo((int) account.id()));

        assertBearerChallenge(refreshWithJson(first));
    }

    @Test
    void reusingARotatedRefreshTokenRevokesItsWholeFamily() {
        Account account = Accounts.register();
        String stolen = login(account).getString("refresh_token");
        String second = refreshWithJson(stolen).statusCode(200).extract().path("refresh_token");
        String otherLogin = login(account).getString("refresh_token");

        assertBearerChallenge(refreshWithJson(stolen));

        assertBearerChallenge(refreshWithJson(second));
        refreshWithJson(otherLogin).statusCode(200);
    }

    @Test
    void theOAuth2FormGrantRefreshesToo() {
        Account account = Accounts.register();
        String refresh = login(account).getString("refresh_token");

        String next = given().formParam("grant_type", "refresh_token").formParam("refresh_token", refresh)
                .post("/token/refresh")
                .then().statusCode(200).body("access_token", notNullValue())
                .extract().path("refresh_token");
        assertNotEquals(refresh, next);
        assertProblem(given().formParam("grant_type", "password").formParam("refresh_token", next)
                .post("/token/refresh").then(), 400);
        assertViolation(given().formParam("refresh_token", next).post("/token/refresh").then(), "grant_type");
        assertViolation(given().contentType(ContentType.JSON).body(Map.of()).post("/token/refresh").then(),
                "refreshToken");
    }

    @Test
    void unknownAndExpiredRefreshTokensAre401() {
        assertBearerChallenge(refreshWithJson("not-a-token"));
        Account account = Accounts.register();
        String refresh = login(account).getString("refresh_token");
        database.update("update refresh_tokens set expires_at = now() - interval '1 second' "
                + "where token_hash = sha256(convert_to(?, 'UTF8'))", refresh);
        assertBearerChallenge(refreshWithJson(refresh));
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        Account account = Accounts.register();
        String refresh = login(account).getString("refresh_token");

        logout(refresh).statusCode(204);

        assertBearerChallenge(refreshWithJson(refresh));
        logout("never-issued").statusCode(204);
    }

    @Test
    void logoutTakesTheFormToo() {
        Account account = Accounts.register();
        String refresh = login(account).getString("refresh_token");

        given().formParam("refresh_token", refresh).post("/logout").then().statusCode(204);

        assertBearerChallenge(refreshWithJson(refresh));
        assertViolation(given().formParam("token", refresh).post("/logout").then(), "refresh_token");
    }

    @Test
    void changingThePasswordRevokesEveryRefreshTokenOfTheUser() {
        Account account = Accounts.register();
        String oneDevice = login(account).getString("refresh_token");
        String otherDevice = login(account).getString("refresh_token");
        String newPassword = "a brand new password";

        assertProblem(changePassword(account, "not the password", newPassword), 403);
        refreshWithJson(oneDevice).statusCode(200).extract().path("refresh_token");
        String afterFailedChange = login(account).getString("refresh_token");

        changePassword(account, account.password(), newPassword).statusCode(204);

        assertBearerChallenge(refreshWithJson(otherDevice));
        assertBearerChallenge(refreshWithJson(afterFailedChange));
        given().formParam("username", account.email()).formParam("password", account.password())
                .post("/login").then().statusCode(401);
        given().formParam("username", account.email()).formParam("password", newPassword)
                .post("/login").then().statusCode(200);
    }

    @Test
    void aNewPasswordMustBeValidAndTheCallerAuthenticated() {
        Account account = Accounts.register();
        assertViolation(changePassword(account, account.password(), "short"), "newPassword");
        assertBearerChallenge(given().contentType(ContentType.JSON)
                .body(Map.of("current_password", account.password(), "new_password", "long enough"))
                .put("/users/me/password").then());
    }

    private static JsonPath login(Account account) {
        return given().formParam("username", account.email()).formParam("password", account.password())
                .post("/login").then().statusCode(200).extract().jsonPath();
    }

    private static ValidatableResponse refreshWithJson(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", refreshToken))
                .post("/token/refresh").then();
    }

    private static ValidatableResponse logout(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", refreshToken))
                .post("/logout").then();
    }

    private static ValidatableResponse changePassword(Account account, String current, String next) {
        return account.request().contentType(ContentType.JSON)
                .body(Map.of("current_password", current, "new_password", next))
                .put("/users/me/password").then();
    }
}
