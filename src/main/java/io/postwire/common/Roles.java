package io.postwire.common;

/** The groups a token carries; every registered account is a {@link #USER}. */
public final class Roles {

    public static final String USER = "user";

    private Roles() {
    }
}
