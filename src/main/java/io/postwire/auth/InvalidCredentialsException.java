package io.postwire.auth;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;

/** 401 for a failed login: the same body for an unknown email and a wrong password. */
public class InvalidCredentialsException extends HttpProblem {

    public InvalidCredentialsException() {
        super(builder()
                .withStatus(Status.UNAUTHORIZED)
                .withTitle(Status.UNAUTHORIZED.getReasonPhrase())
                .withDetail("Incorrect email or password")
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
    }
}
