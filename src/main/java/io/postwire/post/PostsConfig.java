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

    /**
     * A claim without a response older than this is taken as abandoned. Claims commit with their post;
     * only earlier versions, which committed a claim apart from it, left such rows.
     */
    @WithDefault("1m")
    Duration idempotencyKeyAbandonedAfter();

    /** How often expired keys are deleted. */
    @WithDefault("1h")
    Duration idempotencyKeyPurgeInterval();
}
