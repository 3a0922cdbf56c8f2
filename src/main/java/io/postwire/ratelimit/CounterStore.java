package io.postwire.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** Hit counters per bucket, each for a fixed window, where every replica sees them. */
interface CounterStore {

    /** A bucket's hits in its current window, which ends at windowEnds. */
    record Count(long hits, Instant windowEnds) {
    }

    /** The counts of those buckets whose window is still running; the others count zero and are absent. */
    Map<String, Count> read(Collection<String> buckets);

    /** Adds a hit to the bucket, opening a new window of this length when none is running. */
    Count increment(String bucket, Duration window);

    void delete(String bucket);
}
