package io.postwire.ratelimit;

import java.util.Locale;

import io.postwire.ratelimit.LimitRefusalMetrics.Limit;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Bounds the reads without a token that reach the service, per client address
 * (postwire.limits.anonymous-read.*), so that scraping past a shared cache cannot take the
 * database. The count lives in Redis, where every replica sees it, at one round trip per read;
 * a PostgreSQL write per read would cost more than the read it guards, so the limit refuses to
 * start with the postgresql store. Started with the application, so that such a configuration
 * stops the start rather than the first read.
 */
@Startup
@ApplicationScoped
public class AnonymousReadLimiter {

    private static final String TOO_MANY_READS = "Too many reads without a token from this address; try again later";
    private static final String BUCKET = "anonymous-read:";

    private final LimitsConfig.AnonymousRead limit;
    private final RedisCounterStore counters;
    private final LimitRefusalMetrics refusals;

    AnonymousReadLimiter(LimitsConfig config, Instance<RedisCounterStore> redis, LimitRefusalMetrics refusals) {
        this.limit = config.anonymousRead();
        this.refusals = refusals;
        if (!limit.enabled()) {
            this.counters = null;
            return;
        }
        if (config.store() != LimitsConfig.Store.REDIS) {
            throw new IllegalStateException("postwire.limits.anonymous-read.enabled=true needs "
                    + "postwire.limits.store=redis (it is " + config.store().name().toLowerCase(Locale.ROOT)
                    + "): a counter write per read would cost PostgreSQL more than the read it guards");
        }
        this.counters = redis.get();
    }

    public boolean enabled() {
        return counters != null;
    }

    /**
     * Counts one anonymous read from this address (the limit must be on), without blocking.
     * Fails with {@link TooManyRequestsProblem} past the limit, until the address's window ends.
     */
    public Uni<Void> count(String clientAddress) {
        return counters.count(BUCKET + clientAddress, limit.window()).invoke(count -> {
            if (count.hits() > limit.perAddress()) {
                refusals.count(Limit.ANONYMOUS_READ);
                throw new TooManyRequestsProblem(TOO_MANY_READS, count.windowEnds());
            }
        }).replaceWithVoid();
    }
}
