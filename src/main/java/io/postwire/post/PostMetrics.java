package io.postwire.post;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * postwire_posts_created_total, _updated_total, _deleted_total, counted once the
 * change is committed; and postwire_posts_stored, how many posts the database holds,
 * read from PostgreSQL's statistics at each scrape rather than counted.
 */
@Startup
@Singleton
public class PostMetrics {

    private final TransactionSynchronizationRegistry transactions;
    private final Counter created;
    private final Counter updated;
    private final Counter deleted;

    PostMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
        this.created = counter(registry, "postwire.posts.created", "Posts created");
        this.updated = counter(registry, "postwire.posts.updated", "Posts replaced by their owner");
        this.deleted = counter(registry, "postwire.posts.deleted", "Posts deleted by their owner");
        Gauge.builder("postwire.posts.stored", Post::estimatedCount)
                .description("Posts in the database (PostgreSQL's live-row statistic for the posts table: an estimate)")
                .register(registry);
    }

    /** Counts a post created in the current transaction, if it commits. */
    void created() {
        afterCommit(created);
    }

    void updated() {
        afterCommit(updated);
    }

    void deleted() {
        afterCommit(deleted);
    }

    private void afterCommit(Counter counter) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // counted only once the outcome is known
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    counter.increment();
                }
            }
        });
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
