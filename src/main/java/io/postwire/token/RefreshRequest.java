package io.postwire.token;

import jakarta.validation.constraints.NotBlank;

/** JSON body of {@code POST /token/refresh} and {@code POST /logout}. */
public record RefreshRequest(@NotBlank String refreshToken) {

    @Override
    public String toString() {
        return "RefreshRequest[refresh_token=***]";
    }
}
