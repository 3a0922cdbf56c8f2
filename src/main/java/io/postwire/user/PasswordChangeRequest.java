package io.postwire.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code PUT /users/me/password}. */
@RegisterForReflection
public record PasswordChangeRequest(@NotBlank String currentPassword, @NotNull @BcryptPassword String newPassword) {

    @Override
    public String toString() {
        return "PasswordChangeRequest[current_password=***, new_password=***]";
    }
}
