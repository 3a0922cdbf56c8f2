package io.postwire.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Registers and logs in fresh accounts through the real API; every test gets its own. */
public final class Accounts {

    public record Account(long id, String email, String password, String token) {

        /** A request carrying this account's bearer token. */
        public RequestSpecification request() {
            return given().auth().oauth2(token);
        }
    }

    private Accounts() {
    }

    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    public static Account register() {
        String email = uniqueEmail();
        String password = "pw-" + UUID.randomUUID();
        long id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/users")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
        String token = given().formParam("username", email).formParam("password", password)
                .post("/login")
                .then().statusCode(200)
                .extract().path("access_token");
        return new Account(id, email, password, token);
    }
}
