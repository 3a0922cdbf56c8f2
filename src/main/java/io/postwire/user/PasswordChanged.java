package io.postwire.user;

/** Fired inside the transaction that stores a user's new password hash. */
public record PasswordChanged(long userId) {
}
