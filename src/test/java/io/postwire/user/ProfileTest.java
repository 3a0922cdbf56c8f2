package io.postwire.user;

import static io.postwire.support.Problems.assertBearerChallenge;
import static io.postwire.support.Problems.assertViolation;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.postwire.support.Accounts;
import io.postwire.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/** A user's display name (shown to everyone) and age (shown to its owner alone), and PATCH /users/me. */
@QuarkusTest
class ProfileTest {

    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String PASSWORD = "correct horse";

    @Inject
    TestDatabase database;

    /** A registered account with this profile, signed in. */
    private record Member(long id, String email, String token) {

        RequestSpecification request() {
            return given().auth().oauth2(token);
        }

        ValidatableResponse patch(String body) {
            return request().contentType(MERGE_PATCH).body(body).patch("/users/me").then();
        }
    }

    @Test
    void registeringWithANameAndAnAgeStoresBothAndShowsBothToTheRegistrant() {
        String email = Accounts.uniqueEmail();
        register(profile(email, "  Ada Lovelace ", 36)).statusCode(201)
                .body("name", equalTo("Ada Lovelace"))
                .body("age", equalTo(36));
        assertEquals("Ada Lovelace", database.value("select name from users where email = ?", email));
        assertEquals("36", database.value("select age from users where email = ?", email));
    }

    @Test
    void registeringWithoutAProfileShowsANullNameAndNoAge() {
        String email = Accounts.uniqueEmail();
        register(profile(email, null, null)).statusCode(201)
                .body("$", hasKey("name"))
                .body("name", nullValue())
                .body("$", not(hasKey("age")));
        assertNull(database.value("select name from users where email = ?", email));
        assertNull(database.value("select age from users where email = ?", email));
    }

    @Test
    void aNameOf100CharactersCountedAsCodePointsAndAgesAtTheBoundsAreAccepted() {
        String hundredEmoji = "😀".repeat(100); // 200 UTF-16 units, 100 characters
        register(profile(Accounts.uniqueEmail(), hundredEmoji, 0)).statusCode(201).body("name", equalTo(hundredEmoji));
        register(profile(Accounts.uniqueEmail(), "x", 150)).statusCode(201).body("age", equalTo(150));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "\t", "line\nbreak", "bell\u0007", "nul\u0000", "para\u2029graph",
            "unpaired \uD800 surrogate" })
    void aBlankOrControlCharacterNameIs422NamingTheName(String name) {
        assertViolation(register(profile(Accounts.uniqueEmail(), name, null)), "name");
    }

    @Test
    void aNameOf101CharactersIs422NamingTheName() {
        assertViolation(register(profile(Accounts.uniqueEmail(), "x".repeat(101), null)), "name");
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 151 })
    void anAgeOutside0To150Is422NamingTheAge(int age) {
        assertViolation(register(profile(Accounts.uniqueEmail(), "Ada", age)), "age");
    }

    @Test
    void anAgeThatIsNotANumberIs422NamingTheAge() {
        assertViolation(given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + Accounts.uniqueEmail() + "\", \"password\": \"" + PASSWORD + "\", \"age\": \"abc\"}")
                .post("/users").then(), "age");
    }

    @Test
    void anotherUserSeesTheNameButNotTheAge() {
        Member ada = member("Ada Lovelace", 36);
        Member other = member(null, null);
        other.request().get("/users/{id}", ada.id()).then().statusCode(200)
                .body("name", equalTo("Ada Lovelace"))
                .body("$", not(hasKey("age")));
    }

    @Test
    void theOwnerSeesNameAndAgeOnMeAndOnTheirOwnId() {
        Member ada = member("Ada Lovelace", 36);
        ada.request().get("/users/me").then().statusCode(200)
                .body("name", equalTo("Ada Lovelace"))
                .body("age", equalTo(36));
        ada.request().get("/users/{id}", ada.id()).then().statusCode(200)
                .body("age", equalTo(36));
    }

    @Test
    void patchChangesTheNameAndLeavesAnAbsentAgeAlone() {
        Member ada = member("Ada", 36);
        ada.patch("{\"name\": \" Ada Lovelace \"}").statusCode(200)
                .contentType(ContentType.JSON)
                .body("id", equalTo((int) ada.id()))
                .body("email", equalTo(ada.email()))
                .body("name", equalTo("Ada Lovelace"))
                .body("age", equalTo(36));
        ada.request().get("/users/me").then().body("name", equalTo("Ada Lovelace")).body("age", equalTo(36));
    }

    @Test
    void patchWithANullAgeRemovesItAndLeavesTheNameAlone() {
        Member ada = member("Ada", 36);
        ada.patch("{\"age\": null}").statusCode(200)
                .body("name", equalTo("Ada"))
                .body("$", not(hasKey("age")));
        assertNull(database.value("select age from users where id = ?", ada.id()));
        assertEquals("Ada", database.value("select name from users where id = ?", ada.id()));
    }

    @Test
    void patchSetsAnAgeAndRemovesTheNameInOneBody() {
        Member member = member("Ada", null);
        member.patch("{\"name\": null, \"age\": 40}").statusCode(200)
                .body("name", nullValue())
                .body("age", equalTo(40));
        assertNull(database.value("select name from users where id = ?", member.id()));
    }

    @Test
    void anEmptyPatchChangesNothing() {
        Member ada = member("Ada", 36);
        ada.patch("{}").statusCode(200).body("name", equalTo("Ada")).body("age", equalTo(36));
    }

    @Test
    void patchAlsoTakesPlainJson() {
        Member ada = member("Ada", 36);
        ada.request().contentType(ContentType.JSON).body("{\"age\": 37}").patch("/users/me")
                .then().statusCode(200).body("age", equalTo(37));
    }

    @ParameterizedTest
    @ValueSource(strings = { "email", "password", "id", "password_hash", "created_at" })
    void patchRefusesEveryOtherMemberWith422NamingItAndChangesNothing(String member) {
        Member ada = member("Ada", 36);
        String before = database.value("select row(email, password_hash, name, age, created_at)::text from users where id = ?",
                ada.id());
        assertViolation(ada.patch("{\"name\": \"Mallory\", \"" + member + "\": \"x@example.com\"}"), member);
        assertEquals(before, database.value(
                "select row(email, password_hash, name, age, created_at)::text from users where id = ?", ada.id()));
        // The old password still logs in.
        given().formParam("username", ada.email()).formParam("password", PASSWORD).post("/login")
                .then().statusCode(200);
    }

    @Test
    void invalidPatchValuesAre422NamingTheMember() {
        Member ada = member("Ada", 36);
        assertViolation(ada.patch("{\"name\": \"  \"}"), "name");
        assertViolation(ada.patch("{\"name\": \"" + "x".repeat(101) + "\"}"), "name");
        assertViolation(ada.patch("{\"age\": 151}"), "age");
        assertViolation(ada.patch("{\"age\": \"abc\"}"), "age");
        ada.request().get("/users/me").then().body("name", equalTo("Ada")).body("age", equalTo(36));
    }

    @Test
    void patchNeedsABearerToken() {
        assertBearerChallenge(given().contentType(MERGE_PATCH).body("{\"name\": \"Mallory\"}").patch("/users/me").then());
        assertBearerChallenge(given().auth().oauth2("not.a.token").contentType(MERGE_PATCH)
                .body("{\"name\": \"Mallory\"}").patch("/users/me").then());
    }

    @Test
    void noProfileResponseShowsThePasswordOrItsHash() {
        Member ada = member("Ada", 36);
        ada.patch("{\"age\": 37}").statusCode(200)
                .body(not(containsStringIgnoringCase("password")))
                .body(not(containsStringIgnoringCase("hash")));
    }

    private static Map<String, Object> profile(String email, String name, Integer age) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("password", PASSWORD);
        if (name != null) {
            body.put("name", name);
        }
        if (age != null) {
            body.put("age", age);
        }
        return body;
    }

    private static ValidatableResponse register(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/users").then();
    }

    private static Member member(String name, Integer age) {
        String email = Accounts.uniqueEmail();
        long id = register(profile(email, name, age)).statusCode(201).extract().jsonPath().getLong("id");
        String token = given().formParam("username", email).formParam("password", PASSWORD).post("/login")
                .then().statusCode(200).extract().path("access_token");
        return new Member(id, email, token);
    }
}
