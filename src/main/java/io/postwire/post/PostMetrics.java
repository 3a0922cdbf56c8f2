package io.postwire.post;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;

/**
 * postwire_posts_created_total, _updated_total, _deleted_total and postwire_votes_cast_total,
 * _withdrawn_total, counted once the change is committed; and postwire_posts_stored, how many posts the database holds, read from
 * PostgreSQL's statistics at each scrape rather than counted.
 */
@Startup
@Singleton
public class PostMetrics {

    private final Map<PostChanged.Change, Counter> changes = new EnumMap<>(PostChanged.Change.class);

    PostMetrics(MeterRegistry registry) {
        changes.put(PostChanged.Change.CREATED, counter(registry, "postwire.posts.created", "Posts created"));
        changes.put(PostChanged.Change.UPDATED, counter(registry, "postwire.posts.updated", "Posts replaced by their owner"));
        changes.put(PostChanged.Change.DELETED, counter(registry, "postwire.posts.deleted", "Posts deleted by their owner"));
        changes.put(PostChanged.Change.VOTE_CAST, counter(registry, "postwire.votes.cast", "Votes cast for posts"));
        changes.put(PostChanged.Change.VOTE_WITHDRAWN, counter(registry, "postwire.votes.withdrawn", "Votes taken back"));
        Gauge.builder("postwire.posts.stored", PostMetrics::estimatedCount)
                .description("Posts in the database (PostgreSQL's live-row statistic for the posts table: an estimate)")
                .register(registry);
    }

    void count(@Observes(during = TransactionPhase.AFTER_SUCCESS) PostChanged event) {
        changes.get(event.change()).increment();
    }

    /**
     * How many posts the table holds, by PostgreSQL's running live-row statistic
     * (pg_stat_user_tables.n_live_tup): no scan, so it costs the same at any size.
     * It trails commits by up to a few seconds and restarts from the next ANALYZE
     * after a statistics reset.
     */
    static long estimatedCount() {
        Number rows = (Number) Panache.getEntityManager()
                .createNativeQuery("select n_live_tup from pg_stat_user_tables where relid = 'posts'::regclass")
                .getSingleResult();
        return rows.longValue();
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
