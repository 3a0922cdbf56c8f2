package io.postwire.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code PUT /users/me/password}. */
@RegisterForReflection
public record PasswordChangeRequest(
        @NotBlank String currentPassword,
        @Schema(minLength = BcryptPassword.MIN_CHARACTERS, maxLength = BcryptPassword.MAX_BYTES,
                description = BcryptPassword.DESCRIPTION)
        @NotNull @BcryptPassword String newPassword) {

    @Override
    public String toString() {
        return "PasswordChangeRequest[current_password=***, new_password=***]";
    }
}
