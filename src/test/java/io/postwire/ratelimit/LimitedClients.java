package io.postwire.ratelimit;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.postwire.support.Accounts;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Clients at addresses of their own, as a trusted proxy (or the socket) names them, for the limiter tests. */
final class LimitedClients {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    record Client(String email, String password) {
    }

    private LimitedClients() {
    }

    /** A random documentation-range-like address, so that tests never share a bucket. */
    static String newAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    static Client register(String address) {
        Client client = new Client(Accounts.uniqueEmail(), "pw-" + UUID.randomUUID());
        registration(client.email(), client.password(), address).statusCode(201);
        return client;
    }

    static ValidatableResponse registration(String email, String password, String address) {
        return given().header(FORWARDED_FOR, address).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/users").then();
    }

    static ValidatableResponse login(String email, String password, String address) {
        return given().header(FORWARDED_FOR, address)
                .formParam("username", email).formParam("password", password)
                .post("/login").then();
    }
}
