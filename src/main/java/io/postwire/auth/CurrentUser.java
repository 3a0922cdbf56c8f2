package io.postwire.auth;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import jakarta.enterprise.context.RequestScoped;

/** The caller of a secured endpoint, as the verified bearer token names it. */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken token;
    private final TokenRejections rejections;

    CurrentUser(JsonWebToken token, TokenRejections rejections) {
        this.token = token;
        this.rejections = rejections;
    }

    /** The user's email from the token's upn claim (emails never change once registered). */
    public String email() {
        return token.getClaim(Claims.upn);
    }

    /** The user id from the token's subject. */
    public long id() {
        try {
            return Long.parseLong(token.getSubject());
        } catch (NumberFormatException e) {
            // A validly signed token whose subject is not one of our ids: not ours to honour.
            rejections.count(TokenRejections.Reason.UNKNOWN_SUBJECT);
            throw UnauthorizedProblem.invalidToken("The token's subject is not a user id");
        }
    }
}
