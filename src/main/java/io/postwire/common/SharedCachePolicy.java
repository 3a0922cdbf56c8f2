package io.postwire.common;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Cache-Control of a response everyone may share, from postwire.http-cache.*. A bean of its own
 * (normal-scoped, so created at first use) because JAX-RS filters are built at static init, before
 * the runtime configuration such as POSTWIRE_HTTP_CACHE_MAX_AGE is read.
 */
@ApplicationScoped
public class SharedCachePolicy {

    private final String cacheControl;

    SharedCachePolicy(HttpCacheConfig config) {
        long maxAge = config.maxAge().toSeconds();
        this.cacheControl = "public, max-age=" + maxAge + ", s-maxage=" + maxAge
                + ", stale-while-revalidate=" + config.staleWhileRevalidate().toSeconds()
                + ", stale-if-error=" + config.staleIfError().toSeconds();
    }

    public String cacheControl() {
        return cacheControl;
    }
}
