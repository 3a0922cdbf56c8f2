package io.postwire.auth;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The OAuth2 token response: {@code expires_in} is in seconds. */
@RegisterForReflection
public record TokenResponse(String accessToken, String tokenType, long expiresIn) {

    public static TokenResponse bearer(String accessToken, long expiresIn) {
        return new TokenResponse(accessToken, "bearer", expiresIn);
    }

    @Override
    public String toString() {
        return "TokenResponse[access_token=***, expires_in=" + expiresIn + "]";
    }
}
