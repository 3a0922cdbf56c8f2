package io.postwire.auth;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The OAuth2 token response: {@code expires_in} and {@code refresh_expires_in} are in seconds.
 * The refresh token is opaque; {@code POST /token/refresh} trades it for a new pair.
 */
@RegisterForReflection
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
        long refreshExpiresIn) {

    @Override
    public String toString() {
        return "TokenResponse[access_token=***, expires_in=" + expiresIn + ", refresh_token=***, refresh_expires_in="
                + refreshExpiresIn + "]";
    }
}
