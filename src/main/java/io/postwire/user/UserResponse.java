package io.postwire.user;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user as the API shows it: never a password or a hash. */
@RegisterForReflection
public record UserResponse(Long id, @Schema(format = "email") String email, Instant createdAt) {

    public static UserResponse from(User user) {
        return new UserResponse(user.id, user.email, user.createdAt);
    }
}
