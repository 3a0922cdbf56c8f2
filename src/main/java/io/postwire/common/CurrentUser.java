package io.postwire.common;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;

/**
 * The caller, as the verified bearer token names it. Verification refuses a token whose subject is
 * not a user id, so every token that reaches here names one; a request that sent a token that does
 * not verify is a 401 as soon as its caller is asked for, on an endpoint open to anyone too.
 */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken token;
    @Inject
    SecurityIdentity identity;

    /**
     * The user id, or null when the request came without a token (an endpoint open to anyone).
     *
     * @throws ForbiddenException for a token that is not a user's (it lacks the user group)
     */
    public Long idIfSignedIn() {
        if (identity.isAnonymous()) {
            return null;
        }
        if (!identity.hasRole(Roles.USER)) {
            throw new ForbiddenException("The bearer token is not a user's");
        }
        return id();
    }

    /** The user id from the token's subject. */
    public long id() {
        return Long.parseLong(token.getSubject());
    }
}
