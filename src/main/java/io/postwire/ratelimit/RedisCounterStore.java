package io.postwire.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The store when postwire.limits.store=redis: a counter key per bucket that Redis
 * itself expires at the window's end. The key is created with its expiry before it is
 * incremented, so no key can outlive its window even if a replica dies in between.
 */
@ApplicationScoped
class RedisCounterStore implements CounterStore {

    private final ValueCommands<String, Long> values;
    private final KeyCommands<String> keys;
    private final String prefix;

    /** Through Instance: without quarkus.redis.hosts the client is inactive, and only this store may need it. */
    RedisCounterStore(Instance<RedisDataSource> redis, LimitsConfig config) {
        this.values = redis.get().value(Long.class);
        this.keys = redis.get().key();
        this.prefix = config.redisKeyPrefix();
    }

    @Override
    public Map<String, Count> read(Collection<String> buckets) {
        Map<String, Count> running = new HashMap<>();
        Map<String, Long> hits = values.mget(buckets.stream().map(this::key).toArray(String[]::new));
        for (String bucket : buckets) {
            Long count = hits.get(key(bucket));
            if (count != null) {
                windowEnds(bucket).ifPresent(ends -> running.put(bucket, new Count(count, ends)));
            }
        }
        return running;
    }

    @Override
    public Count increment(String bucket, Duration window) {
        values.set(key(bucket), 0L, new SetArgs().nx().px(window));
        long hits = values.incr(key(bucket));
        return new Count(hits, windowEnds(bucket).orElseGet(() -> Instant.now().plus(window)));
    }

    @Override
    public void delete(String bucket) {
        keys.del(key(bucket));
    }

    private Optional<Instant> windowEnds(String bucket) {
        long millisLeft = keys.pttl(key(bucket));
        return millisLeft > 0 ? Optional.of(Instant.now().plusMillis(millisLeft)) : Optional.empty();
    }

    private String key(String bucket) {
        return prefix + bucket;
    }
}
