package io.postwire.post;

import java.io.Serializable;
import java.time.Instant;

import io.postwire.common.Timestamps;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A user's vote for a post: at most one per user and post (the primary key says so). */
@Entity
@Table(name = "votes")
public class Vote extends PanacheEntityBase {

    /** Hibernate takes a record as the embedded id: equality by its components. */
    @Embeddable
    public record Id(@Column(name = "post_id") long postId, @Column(name = "user_id") long userId)
            implements Serializable {
    }

    @EmbeddedId
    public Id id;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /**
     * Records the vote unless the user has one for the post already; true when this call did.
     * One statement, so that two concurrent votes of one user cannot both count.
     */
    static boolean cast(long postId, long userId) {
        return getEntityManager().createNativeQuery("""
                insert into votes (post_id, user_id, created_at) values (:post, :user, :now)
                on conflict (post_id, user_id) do nothing""")
                .setParameter("post", postId)
                .setParameter("user", userId)
                .setParameter("now", Timestamps.now())
                .executeUpdate() == 1;
    }

    /** Removes the user's vote for the post; true when there was one. */
    static boolean withdraw(long postId, long userId) {
        return deleteById(new Id(postId, userId));
    }

    static boolean exists(long postId, long userId) {
        return count("id", new Id(postId, userId)) > 0;
    }
}
