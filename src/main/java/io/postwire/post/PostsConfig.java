package io.postwire.post;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** postwire.posts.*: concurrent editors and retried creates. */
@ConfigMapping(prefix = "postwire.posts")
public interface PostsConfig {

    /** PUT and DELETE without If-Match are refused with 428 instead of the last write winning. */
    @WithDefault("false")
    boolean requireIfMatch();

    /** How long an Idempotency-Key and its response are kept. */
    @WithDefault("24h")
    Duration idempotencyKeyLifetime();

    /** A key whose request has run this long without completing is taken as abandoned (its replica died). */
    @WithDefault("1m")
    Duration idempotencyKeyAbandonedAfter();

    /** How often expired keys are deleted. */
    @WithDefault("1h")
    Duration idempotencyKeyPurgeInterval();
}
