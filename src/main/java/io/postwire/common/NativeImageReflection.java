package io.postwire.common;

import io.postwire.auth.LoginRequest;
import io.postwire.post.PostRequest;
import io.postwire.post.PostResponse;
import io.postwire.token.RefreshRequest;
import io.postwire.token.TokenResponse;
import io.postwire.user.PasswordChangeRequest;
import io.postwire.user.RegisterRequest;
import io.postwire.user.UserResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON records Jackson reads and writes, kept for reflection in the native executable.
 * Quarkus REST registers a resource method's own body and return types, but not always
 * what sits inside a generic wrapper (RestResponse&lt;List&lt;PostResponse&gt;&gt;) or a nested
 * record (PostResponse.Owner); naming them all here costs nothing and removes the doubt.
 * The JWT classes and the Flyway migrations are registered by their extensions.
 */
@RegisterForReflection(targets = {
        RegisterRequest.class, UserResponse.class, PasswordChangeRequest.class,
        LoginRequest.class, TokenResponse.class, RefreshRequest.class,
        PostRequest.class, PostResponse.class, PostResponse.Owner.class })
final class NativeImageReflection {

    private NativeImageReflection() {
    }
}
