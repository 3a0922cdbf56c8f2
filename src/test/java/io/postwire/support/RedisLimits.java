package io.postwire.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.redis.datasource.RedisDataSource;

/**
 * The limits' counters in the machine's Redis (database 5) under a key prefix of the test's own, behind
 * a trusted proxy on 127.0.0.1, so that each request's X-Forwarded-For names its client's address.
 */
public final class RedisLimits {

    private RedisLimits() {
    }

    /** The configuration of such a test profile, with more settings of the test's own. */
    public static Map<String, String> config(String keyPrefix, Map<String, String> more) {
        Map<String, String> config = new HashMap<>(Map.of(
                "postwire.limits.store", "redis",
                "quarkus.redis.hosts", "redis://127.0.0.1:6379/5",
                "postwire.limits.redis-key-prefix", keyPrefix,
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1"));
        config.putAll(more);
        return config;
    }

    /** Deletes every key of the prefix, so that nothing of the run stays in the shared Redis. */
    public static void deleteKeys(RedisDataSource redis, String keyPrefix) {
        List<String> keys = redis.key().keys(keyPrefix + "*");
        if (!keys.isEmpty()) {
            redis.key().del(keys.toArray(String[]::new));
        }
    }
}
