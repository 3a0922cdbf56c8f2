package io.postwire.auth;

import jakarta.validation.constraints.NotBlank;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** JSON body of {@code POST /token/refresh} and {@code POST /logout}. */
@RegisterForReflection
public record RefreshRequest(@NotBlank String refreshToken) {

    @Override
    public String toString() {
        return "RefreshRequest[refresh_token=***]";
    }
}
