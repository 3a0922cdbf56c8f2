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
 * and an increment costs one round trip. The anonymous-read limit takes its hits several at a time
 * (a script that adds only as many as the limit allows), without blocking.
 */
@ApplicationScoped
class RedisCounterStore implements CounterStore {

    /** KEYS[1] the counter, ARGV[1] the window in milliseconds; returns {hits, milliseconds left}. */
    private static final String INCREMENT = """
            redis.call('SET', KEYS[1], 0, 'NX', 'PX', ARGV[1])
            return {redis.call('INCR', KEYS[1]), redis.call('PTTL', KEYS[1])}""";

    /**
     * KEYS[1] the counter, ARGV[1] the window in milliseconds, ARGV[2] the hits wanted, ARGV[3] the
     * limit; adds as many of the wanted hits as the limit still allows and returns {hits added,
     * milliseconds left}.
     */
    private static final String TAKE = """
            redis.call('SET', KEYS[1], 0, 'NX', 'PX', ARGV[1])
            local taken = math.max(0, math.min(tonumber(ARGV[2]), tonumber(ARGV[3]) - tonumber(redis.call('GET', KEYS[1]))))
            if taken > 0 then redis.call('INCRBY', KEYS[1], taken) end
            return {taken, redis.call('PTTL', KEYS[1])}""";

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
        return run(INCREMENT, bucket, window).await().indefinitely();
    }

    /**
     * Takes up to {@code wanted} hits of the bucket's window at once, as many as keep it within
     * {@code limit}, without blocking; the count's hits are those taken, zero when the limit is reached.
     */
    Uni<Count> take(String bucket, Duration window, int wanted, long limit) {
        return run(TAKE, bucket, window, String.valueOf(wanted), String.valueOf(limit));
    }

    /**
     * One of the scripts, which answer {a number of hits, milliseconds left}; fails with Mutiny's
     * TimeoutException when Redis does not answer within quarkus.redis.timeout, as a blocking call would.
     */
    private Uni<Count> run(String script, String bucket, Duration window, String... arguments) {
        String[] command = new String[4 + arguments.length];
        command[0] = script;
        command[1] = "1";
        command[2] = key(bucket);
        command[3] = String.valueOf(window.toMillis());
        System.arraycopy(arguments, 0, command, 4, arguments.length);
        return reactive.execute("EVAL", command)
                .ifNoItem().after(timeout).fail()
                .map(answer -> {
                    long millisLeft = answer.get(1).toLong();
                    return new Count(answer.get(0).toLong(), millisLeft > 0 ? Instant.now().plusMillis(millisLeft)
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
