package io.postwire.ratelimit;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
 * limit leaves) and serves them from memory until they are used or the window ends, and once Redis
 * has none left, refuses the address without asking again until its window ends. Redis counts every
 * read taken, so the replicas together never let more than the limit through (what that trades:
 * {@link LimitsConfig.AnonymousRead#readsPerRoundTrip()}).
 */
@Startup
@ApplicationScoped
public class AnonymousReadLimiter {

    private static final String TOO_MANY_READS = "Too many reads without a token from this address; try again later";
    private static final String BUCKET = "anonymous-read:";
    /**
     * Addresses whose taken reads a replica keeps at most (a few MiB): past them, a new address
     * takes one read per round trip, so that a scrape from many addresses cannot fill the heap.
     */
    private static final int MAX_ADDRESSES_HELD = 10_000;

    private final LimitsConfig.AnonymousRead limit;
    private final RedisCounterStore counters;
    private final LimitRefusalMetrics refusals;
    private final Map<String, AddressReads> held = new ConcurrentHashMap<>();

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
        AddressReads reads = readsOf(clientAddress);
        return reads.serveOrElse(() -> reads.refill().chain(() -> reads.serveOrElse(() -> takeOne(clientAddress))));
    }

    /**
     * One read of its own from Redis, for a read that waited for a round trip whose reads others
     * served first: it does not wait for another, so no read waits behind more than two.
     */
    private Uni<Void> takeOne(String clientAddress) {
        return counters.take(BUCKET + clientAddress, limit.window(), 1, limit.perAddress()).invoke(taken -> {
            if (taken.hits() == 0) {
                throw refusal(taken.windowEnds());
            }
        }).replaceWithVoid();
    }

    private TooManyRequestsProblem refusal(Instant windowEnds) {
        refusals.count(Limit.ANONYMOUS_READ);
        return new TooManyRequestsProblem(TOO_MANY_READS, windowEnds);
    }

    private AddressReads readsOf(String clientAddress) {
        AddressReads reads = held.get(clientAddress);
        if (reads != null) {
            return reads;
        }
        if (held.size() >= MAX_ADDRESSES_HELD) {
            Instant now = Instant.now();
            held.values().removeIf(old -> old.over(now));
            if (held.size() >= MAX_ADDRESSES_HELD) {
                return new AddressReads(clientAddress, 1);
            }
        }
        return held.computeIfAbsent(clientAddress, address -> new AddressReads(address, limit.readsPerRoundTrip()));
    }

    /**
     * One address's reads this replica took from Redis and has not served yet, in the window that
     * ends at windowEnds. It takes more once half are served; the reads that find none wait for
     * that one round trip instead of each making its own.
     */
    private final class AddressReads {

        private final String address;
        private final int takenAtOnce;
        private final AtomicInteger left = new AtomicInteger();
        private volatile Instant windowEnds = Instant.MIN;
        /** Redis had none left for this window. */
        private volatile boolean exhausted;
        private Uni<Void> refilling;

        AddressReads(String address, int takenAtOnce) {
            this.address = address;
            this.takenAtOnce = takenAtOnce;
        }

        /** A read served from memory, a refusal once Redis had none left for the window, or else the other way. */
        Uni<Void> serveOrElse(Supplier<Uni<Void>> otherwise) {
            Instant now = Instant.now();
            int held = now.isBefore(windowEnds) ? left.getAndUpdate(n -> n > 0 ? n - 1 : 0) : 0;
            if (held > 0) {
                if (held <= takenAtOnce / 2 && !exhausted) {
                    // The next reads in the background, so that a steady reader seldom waits for them; a
                    // failure here is the next empty-handed read's to meet, with its own round trip.
                    refill().subscribeAsCompletionStage();
                }
                return Uni.createFrom().voidItem();
            }
            if (exhausted && now.isBefore(windowEnds)) {
                return Uni.createFrom().failure(refusal(windowEnds));
            }
            return otherwise.get();
        }

        boolean over(Instant now) {
            return !now.isBefore(windowEnds);
        }

        synchronized Uni<Void> refill() {
            if (refilling == null) {
                refilling = counters.take(BUCKET + address, limit.window(), takenAtOnce, limit.perAddress())
                        .onItemOrFailure().invoke((taken, failure) -> {
                            if (taken != null) {
                                if (over(Instant.now())) {
                                    left.set((int) taken.hits());
                                } else {
                                    left.addAndGet((int) taken.hits());
                                }
                                exhausted = taken.hits() == 0;
                                windowEnds = taken.windowEnds();
                            }
                            synchronized (this) {
                                refilling = null;
                            }
                        })
                        .replaceWithVoid()
                        .memoize().indefinitely();
            }
            return refilling;
        }
    }
}
