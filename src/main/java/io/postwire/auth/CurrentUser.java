package io.postwire.auth;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;

/** The caller of a secured endpoint, as the verified bearer token names it. */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken token;

    CurrentUser(JsonWebToken token) {
        this.token = token;
    }

    /** The user id from the token's subject. */
    public long id() {
        try {
            return Long.parseLong(token.getSubject());
        } catch (NumberFormatException e) {
            // A validly signed token whose subject is not one of our ids: not ours to honour.
            throw HttpProblem.builder()
                    .withStatus(Status.UNAUTHORIZED)
                    .withTitle(Status.UNAUTHORIZED.getReasonPhrase())
                    .withDetail("The token's subject is not a user id")
                    .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build();
        }
    }
}
