package io.postwire.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;

/** A 401 problem that tells the client to authenticate with a bearer token (RFC 6750). */
public class UnauthorizedProblem extends HttpProblem {

    private UnauthorizedProblem(String detail, String challenge) {
        super(builder()
                .withStatus(Status.UNAUTHORIZED)
                .withTitle(Status.UNAUTHORIZED.getReasonPhrase())
                .withDetail(detail)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }

    /** A failed login: the same body for an unknown email and a wrong password. */
    public static UnauthorizedProblem invalidCredentials() {
        return new UnauthorizedProblem("Incorrect email or password", "Bearer");
    }

    public static UnauthorizedProblem missingToken() {
        return new UnauthorizedProblem("A bearer token is required", "Bearer");
    }

    public static UnauthorizedProblem invalidToken(String detail) {
        return new UnauthorizedProblem(detail, "Bearer error=\"invalid_token\"");
    }
}
