package io.postwire.user;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user as the API shows it: never a password or a hash, and the age to its owner alone. */
@RegisterForReflection
public record UserResponse(
        Long id,
        @Schema(format = "email") String email,
        @Schema(nullable = true, description = "The display name; null when the user has none") String name,
        @Schema(description = "In years; only in the caller's own account, and only when set")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Integer age,
        Instant createdAt) {

    /** The user as the caller with this id sees it: the age only when it is the user's own account. */
    public static UserResponse shownTo(long callerId, User user) {
        Integer age = user.id == callerId ? user.age : null;
        return new UserResponse(user.id, user.email, user.name, age, user.createdAt);
    }
}
