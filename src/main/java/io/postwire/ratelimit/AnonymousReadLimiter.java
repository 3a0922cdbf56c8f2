package io.postwire.ratelimit;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.postwire.ratelimit.LimitRefusalMetrics.Limit;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Bounds the reads without a token that reach the service, per client address
 * (postwire.limits.anonymous-read.*), so that scraping past a shared cache cannot take the
 * database. The count lives in Redis, where every replica sees it; a PostgreSQL write per read
 * would cost more than the read it guards, so the limit refuses to start with the postgresql store.
 * Started with the application, so that such a configuration stops the start rather than the first read.
 * <p>
 * A round trip per read cost about as much as the read itself (docs/benchmarks.md), so a replica
 * takes an address's reads from Redis several at a time (reads-per-round-trip, never more than the
 * limit leaves) and serves the rest of them from memory until they are used or the window ends.
 * Redis counts every read taken, so the replicas together never let more than the limit through; what
 * a replica took and an address then stopped asking it for is lost to that address for the window,
 * so an address spread over several replicas may be refused up to reads-per-round-trip - 1 reads
 * per replica early.
 */
@Startup
@ApplicationScoped
public class AnonymousReadLimiter {

    private static final String TOO_MANY_READS = "Too many reads without a token from this address; try again later";
    private static final String BUCKET = "anonymous-read:";
    /**
     * Addresses whose taken reads a replica keeps at most (a few MiB): past them, a new address
     * counts one read per round trip, so that a scrape from many addresses cannot fill the heap.
     */
    private static final int MAX_ADDRESSES_HELD = 10_000;

    /** Reads taken from Redis for one address and not yet served, until the window ends. */
    private record TakenReads(Instant windowEnds, AtomicInteger left) {

        boolean serveOne(Instant now) {
            return now.isBefore(windowEnds) && left.getAndDecrement() > 0;
        }
    }

    private final LimitsConfig.AnonymousRead limit;
    private final RedisCounterStore counters;
    private final LimitRefusalMetrics refusals;
    private final Map<String, TakenReads> taken = new ConcurrentHashMap<>();

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
        TakenReads held = taken.get(clientAddress);
        if (held != null && held.serveOne(Instant.now())) {
            return Uni.createFrom().voidItem();
        }
        return counters.take(BUCKET + clientAddress, limit.window(), limit.readsPerRoundTrip(), limit.perAddress())
                .invoke(reads -> {
                    if (reads.hits() == 0) {
                        refusals.count(Limit.ANONYMOUS_READ);
                        throw new TooManyRequestsProblem(TOO_MANY_READS, reads.windowEnds());
                    }
                    hold(clientAddress, new TakenReads(reads.windowEnds(), new AtomicInteger((int) reads.hits() - 1)));
                }).replaceWithVoid();
    }

    private void hold(String clientAddress, TakenReads reads) {
        if (reads.left().get() == 0) {
            taken.remove(clientAddress);
            return;
        }
        if (taken.size() >= MAX_ADDRESSES_HELD) {
            Instant now = Instant.now();
            taken.values().removeIf(held -> !now.isBefore(held.windowEnds()));
            if (taken.size() >= MAX_ADDRESSES_HELD) {
                return;
            }
        }
        taken.put(clientAddress, reads);
    }
}
