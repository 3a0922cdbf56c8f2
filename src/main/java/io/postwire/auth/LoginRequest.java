package io.postwire.auth;

import jakarta.validation.constraints.NotBlank;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** JSON body of {@code POST /login}; the form variant sends the email as {@code username}. */
@RegisterForReflection
public record LoginRequest(
        @Schema(examples = "ada@example.com") @NotBlank String email,
        @Schema(examples = "correct horse battery staple") @NotBlank String password) {

    @Override
    public String toString() {
        return "LoginRequest[email=" + email + ", password=***]";
    }
}
