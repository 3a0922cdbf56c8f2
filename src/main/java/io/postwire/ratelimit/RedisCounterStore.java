package io.postwire.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The store when postwire.limits.store=redis: a counter key per bucket that Redis
 * itself expires at the window's end. The key is created with its expiry before it is
 * incremented, in one script that Redis runs atomically, so no key can outlive its window
 * and an increment costs one round trip (the anonymous-read limit pays it on every read).
 */
@ApplicationScoped
class RedisCounterStore implements CounterStore {

    /** KEYS[1] the counter, ARGV[1] the window in milliseconds; returns {hits, milliseconds left}. */
    private static final String INCREMENT = """
            redis.call('SET', KEYS[1], 0, 'NX', 'PX', ARGV[1])
            return {redis.call('INCR', KEYS[1]), redis.call('PTTL', KEYS[1])}""";

    private final ReactiveRedisDataSource reactive;
    private final Duration timeout;
    private final ValueCommands<String, Long> values;
    private final KeyCommands<String> keys;
    private final String prefix;

    /** Through Instance: without quarkus.redis.hosts the client is inactive, and only this store may need it. */
    RedisCounterStore(Instance<RedisDataSource> redis, Instance<ReactiveRedisDataSource> reactive, LimitsConfig config,
            @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout) {
        this.reactive = reactive.get();
        this.timeout = timeout;
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
        return count(bucket, window).await().indefinitely();
    }

    /**
     * The same increment without blocking, for callers on the event loop; it fails with Mutiny's
     * TimeoutException when Redis does not answer within quarkus.redis.timeout, as a blocking call would.
     */
    Uni<Count> count(String bucket, Duration window) {
        return reactive.execute("EVAL", INCREMENT, "1", key(bucket), String.valueOf(window.toMillis()))
                .ifNoItem().after(timeout).fail()
                .map(counted -> {
                    long millisLeft = counted.get(1).toLong();
                    return new Count(counted.get(0).toLong(), millisLeft > 0 ? Instant.now().plusMillis(millisLeft)
                            : Instant.now().plus(window));
                });
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
