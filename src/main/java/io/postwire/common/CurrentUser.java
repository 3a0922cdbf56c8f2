package io.postwire.common;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of a secured endpoint, as the verified bearer token names it. Verification refuses a
 * token whose subject is not a user id, so every token that reaches here names one.
 */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken token;

    CurrentUser(JsonWebToken token) {
        this.token = token;
    }

    /** The user's email from the token's upn claim (emails never change once registered). */
    public String email() {
        return token.getClaim(Claims.upn);
    }

    /** The user id from the token's subject. */
    public long id() {
        return Long.parseLong(token.getSubject());
    }
}
