package io.postwire.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One bucket's hits in PostgreSQL (V4__login_limits_and_refresh_tokens.sql). */
@Entity
@Table(name = "login_limit_counters")
public class LoginLimitCounter extends PanacheEntityBase {

    /** One statement, so that concurrent failures on any replica all count: a window that is over starts again. */
    private static final String INCREMENT = """
            INSERT INTO login_limit_counters AS c (bucket, hits, window_ends) VALUES (:bucket, 1, :windowEnds)
            ON CONFLICT (bucket) DO UPDATE SET
                hits = CASE WHEN c.window_ends <= :now THEN 1 ELSE c.hits + 1 END,
                window_ends = CASE WHEN c.window_ends <= :now THEN EXCLUDED.window_ends ELSE c.window_ends END
            RETURNING c.hits, c.window_ends""";

    @Id
    public String bucket;

    @Column(nullable = false)
    public int hits;

    @Column(name = "window_ends", nullable = false)
    public Instant windowEnds;

    static List<LoginLimitCounter> running(Collection<String> buckets, Instant now) {
        return list("bucket in ?1 and windowEnds > ?2", buckets, now);
    }

    static CounterStore.Count increment(String bucket, Instant now, Duration window) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery(INCREMENT)
                .setParameter("bucket", bucket)
                .setParameter("now", now)
                .setParameter("windowEnds", now.plus(window))
                .getSingleResult();
        return new CounterStore.Count(((Number) row[0]).longValue(), (Instant) row[1]);
    }

    static long deleteExpired(Instant now) {
        return delete("windowEnds <= ?1", now);
    }
}
