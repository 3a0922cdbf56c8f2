package io.postwire.user;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user as the API shows it: never a password or a hash. */
@RegisterForReflection
public record UserResponse(Long id, String email, Instant createdAt) {

    public static UserResponse from(User user) {
        return new UserResponse(user.id, user.email, user.createdAt);
    }
}
