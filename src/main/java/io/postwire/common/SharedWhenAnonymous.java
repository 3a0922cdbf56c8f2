package io.postwire.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks a read whose successful answer to a request without a token is the same for everyone, so
 * that shared caches may keep it ({@link SharedCacheHeaders} decides the headers). Only for content
 * anyone may see; every other response stays no-store ({@link NoStoreByDefault}).
 */
@NameBinding
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface SharedWhenAnonymous {
}
