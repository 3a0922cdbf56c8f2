package io.postwire.support;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.containsString;

import io.restassured.response.ValidatableResponse;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {

    private Problems() {
    }

    /** A problem JSON with this status, and never a stack trace. */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body(not(containsString("at io.")))
                .body(not(containsString("Exception")));
    }

    /** A 422 whose violations name this field. */
    public static ValidatableResponse assertViolation(ValidatableResponse response, String field) {
        return assertProblem(response, 422).body("violations.field", hasItem(field));
    }

    /** A 401 that tells the client to send a bearer token. */
    public static ValidatableResponse assertBearerChallenge(ValidatableResponse response) {
        return assertProblem(response, 401).header("WWW-Authenticate", startsWith("Bearer"));
    }
}
