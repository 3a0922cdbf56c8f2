package io.postwire.common;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/**
 * postwire.http-cache.*: how long browsers, CDNs and reverse proxies may keep a response that is
 * the same for every reader without a token (see {@link SharedWhenAnonymous}).
 */
@ConfigMapping(prefix = "postwire.http-cache")
public interface HttpCacheConfig {

    /** Freshness (max-age and s-maxage): a change shows through every cache within this. */
    Duration maxAge();

    /** How much longer a cache may answer with the stale copy while it fetches a fresh one. */
    Duration staleWhileRevalidate();

    /** How much longer a cache may answer with the stale copy while the service answers 5xx or not at all. */
    Duration staleIfError();
}
