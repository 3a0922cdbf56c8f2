package io.postwire.post;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.postwire.common.Timestamps;
import io.postwire.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

/**
 * A post. A post that is not published is a draft: only its owner sees it.
 * Every query that returns posts fetches their owner in the same statement.
 */
@Entity
@Table(name = "posts")
public class Post extends PanacheEntityBase {

    /** Visible to the viewer: published, or the viewer's own draft. */
    private static final String VISIBLE = "(p.published = true or p.owner.id = :viewer)";
    /** Newest first, id breaking ties: the order of posts_created_at_id_idx. */
    private static final String LIST_ORDER = " order by p.createdAt desc, p.id desc";
    /** Case-insensitive substring of title or content; the pattern escapes with '!'. */
    private static final String MATCHES = "(p.title ilike :pattern escape '!' or p.content ilike :pattern escape '!')";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 255)
    public String title;

    @Column(nullable = false, columnDefinition = "text")
    public String content;

    @Column(nullable = false)
    public boolean published;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "owner_id", nullable = false, updatable = false)
    public User owner;

    public Post() {
    }

    public Post(User owner, String title, String content, boolean published) {
        this.owner = owner;
        this.title = title;
        this.content = content;
        this.published = published;
    }

    @PrePersist
    void onCreate() {
        createdAt = Timestamps.now();
        updatedAt = createdAt;
    }

    /** Full replace of what an owner may change. */
    public void replace(String title, String content, boolean published) {
        this.title = title;
        this.content = content;
        this.published = published;
        this.updatedAt = Timestamps.now();
    }

    public boolean isOwnedBy(long userId) {
        return owner.id == userId;
    }

    /** The post with its owner, when the viewer may see it. */
    public static Optional<Post> findVisible(long id, long viewerId) {
        return find("from Post p join fetch p.owner where p.id = :id and " + VISIBLE,
                Parameters.with("id", id).and("viewer", viewerId))
                .firstResultOptional();
    }

    /**
     * X-Total-Count counts matching posts only this far: an exact count reads every match,
     * which on a large table costs far more than the page itself.
     */
    public static final int COUNT_LIMIT = 10_000;

    /** A page of posts and the number to report as X-Total-Count. */
    public record Page(List<Post> posts, long total) {
    }

    /**
     * One page of the posts the viewer may see, newest first (id breaks ties), owners included,
     * with their total: exact when the page reaches the end of the list (no count needed then),
     * otherwise counted up to {@link #COUNT_LIMIT} and never below what the page itself proves.
     */
    public static Page pageVisible(long viewerId, String search, int offset, int limit) {
        List<Post> posts = listVisible(viewerId, search, offset, limit);
        boolean reachesTheEnd = posts.size() < limit && (!posts.isEmpty() || offset == 0);
        long total = reachesTheEnd
                ? offset + posts.size()
                : Math.max(countVisibleUpToLimit(viewerId, search), offset + posts.size());
        return new Page(posts, total);
    }

    private static List<Post> listVisible(long viewerId, String search, int offset, int limit) {
        return find("from Post p join fetch p.owner where " + visibleMatching(search)
                + LIST_ORDER, parameters(viewerId, search))
                .range(offset, offset + limit - 1)
                .list();
    }

    /** How many posts the viewer may see that match the search, reading at most {@link #COUNT_LIMIT} of them. */
    private static long countVisibleUpToLimit(long viewerId, String search) {
        return find("select count(*) from (select p.id as id from Post p where " + visibleMatching(search)
                + LIST_ORDER + " limit " + COUNT_LIMIT + ")", parameters(viewerId, search))
                .project(Long.class)
                .singleResult();
    }

    private static String visibleMatching(String search) {
        return hasSearch(search) ? VISIBLE + " and " + MATCHES : VISIBLE;
    }

    private static Parameters parameters(long viewerId, String search) {
        Parameters parameters = Parameters.with("viewer", viewerId);
        return hasSearch(search) ? parameters.and("pattern", containsPattern(search)) : parameters;
    }

    /** An absent or empty search matches every post, as in the original service. */
    private static boolean hasSearch(String search) {
        return search != null && !search.isEmpty();
    }

    /** A LIKE pattern that matches the text literally anywhere: '%', '_' and '\' lose their meaning. */
    static String containsPattern(String text) {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    /**
     * How many posts the table holds, by PostgreSQL's running live-row statistic
     * (pg_stat_user_tables.n_live_tup): no scan, so it costs the same at any size.
     * It trails commits by up to a few seconds and restarts from the next ANALYZE
     * after a statistics reset.
     */
    public static long estimatedCount() {
        Number rows = (Number) getEntityManager()
                .createNativeQuery("select n_live_tup from pg_stat_user_tables where relid = 'posts'::regclass")
                .getSingleResult();
        return rows.longValue();
    }
}
