package io.postwire.auth;

import static io.postwire.support.Problems.assertBearerChallenge;
import static io.postwire.support.Problems.assertProblem;
import static io.postwire.support.Problems.assertViolation;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.postwire.user.PasswordHasher;
import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.mockito.InjectSpy;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class LoginResourceTest {

    @InjectSpy
    PasswordHasher passwordHasher;

    @Test
    void passwordFormLoginReturnsABearerTokenThatIsNotCached() {
        Account account = Accounts.register();
        formLogin(account.email(), account.password())
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("access_token", notNullValue())
                .body("token_type", equalTo("bearer"))
                .body("expires_in", equalTo(600));
    }

    @Test
    void jsonLoginReturnsABearerToken() {
        Account account = Accounts.register();
        jsonLogin(Map.of("email", account.email(), "password", account.password()))
                .statusCode(200)
                .body("token_type", equalTo("bearer"))
                .body("access_token", notNullValue());
    }

    @Test
    void loginEmailIsCaseInsensitive() {
        Account account = Accounts.register();
        formLogin(" " + account.email().toUpperCase(), account.password()).statusCode(200);
    }

    @Test
    void tokenIsRs256WithUserIdSubjectEmailUpnUserGroupIssuerAndExpiry() {
        Account account = Accounts.register();
        String[] parts = account.token().split("\\.");
        assertEquals(3, parts.length);
        JsonPath header = decode(parts[0]);
        JsonPath claims = decode(parts[1]);

        assertEquals("RS256", header.getString("alg"));
        assertEquals(String.valueOf(account.id()), claims.getString("sub"));
        assertEquals(account.email(), claims.getString("upn"));
        assertEquals(List.of("user"), claims.getList("groups"));
        assertEquals("https://postwire.io", claims.getString("iss"));
        assertEquals(600, claims.getLong("exp") - claims.getLong("iat"));
    }

    @Test
    void wrongPasswordAndUnknownEmailGiveTheSame401() {
        Account account = Accounts.register();
        String wrongPassword = assertBearerChallenge(formLogin(account.email(), "not the password"))
                .extract().asString();
        String unknownEmail = assertBearerChallenge(formLogin(Accounts.uniqueEmail(), "not the password"))
                .extract().asString();
        String unknownEmailJson = assertBearerChallenge(
                jsonLogin(Map.of("email", Accounts.uniqueEmail(), "password", "not the password")))
                .extract().asString();

        assertEquals(wrongPassword, unknownEmail);
        assertEquals(wrongPassword, unknownEmailJson);
    }

    @Test
    void unknownEmailStillSpendsABcryptCheck() {
        String password = "unknown-account-password";
        formLogin(Accounts.uniqueEmail(), password).statusCode(401);
        verify(passwordHasher, times(1)).matches(eq(password), anyString());
    }

    @Test
    void missingFormFieldsAre422NamingTheField() {
        assertViolation(given().formParam("username", "a@example.com").post("/login").then(), "password");
        assertViolation(given().formParam("password", "whatever1").post("/login").then(), "username");
    }

    @Test
    void missingJsonFieldsAre422NamingTheField() {
        assertViolation(jsonLogin(Map.of("email", "a@example.com")), "password");
        assertViolation(jsonLogin(Map.of("password", "whatever1")), "email");
    }

    @Test
    void formBodyThatIsNotUrlEncodingIs400() {
        assertProblem(given().contentType(ContentType.URLENC).body("username=%ZZ&password=x")
                .post("/login").then(), 400);
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"email\":").post("/login").then(), 400);
    }

    private static ValidatableResponse formLogin(String username, String password) {
        return given().formParam("username", username).formParam("password", password).post("/login").then();
    }

    private static ValidatableResponse jsonLogin(Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(body).post("/login").then();
    }

    private static JsonPath decode(String base64Url) {
        return new JsonPath(new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8));
    }
}
