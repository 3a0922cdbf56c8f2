package io.postwire.ratelimit;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import io.postwire.common.Timestamps;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The default store: a small table; rows whose window is over count as zero and are swept every few minutes. */
@ApplicationScoped
class PostgresCounterStore implements CounterStore {

    @Override
    public Map<String, Count> read(Collection<String> buckets) {
        return LoginLimitCounter.running(buckets, Timestamps.now()).stream()
                .collect(Collectors.toMap(c -> c.bucket, c -> new Count(c.hits, c.windowEnds)));
    }

    @Override
    @Transactional
    public Count increment(String bucket, Duration window) {
        return LoginLimitCounter.increment(bucket, Timestamps.now(), window);
    }

    @Override
    @Transactional
    public void delete(String bucket) {
        LoginLimitCounter.deleteById(bucket);
    }

    @Scheduled(every = "${postwire.limits.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void sweepExpired() {
        LoginLimitCounter.deleteExpired(Timestamps.now());
    }
}
