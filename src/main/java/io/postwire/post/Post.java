package io.postwire.post;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.postwire.common.Timestamps;
import io.postwire.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A post. A post that is not published is a draft: only its owner sees it.
 * Every query that returns posts fetches their owner in the same statement.
 */
@Entity
@Table(name = "posts")
public class Post extends PanacheEntityBase {

    /** Visible to the viewer: published, or the viewer's own draft. */
    private static final String VISIBLE = "(published = true or owner.id = :viewer)";
    /** Newest first, id breaking ties: the order of posts_created_at_id_idx. */
    private static final Sort LIST_ORDER = Sort.descending("createdAt", "id");
    /** Case-insensitive substring of title or content; the pattern escapes with '!'. */
    private static final String MATCHES = "(title ilike :pattern escape '!' or content ilike :pattern escape '!')";

    /** The constraint that refuses a post whose owner does not exist (V1's REFERENCES users). */
    static final String OWNER_FOREIGN_KEY = "posts_owner_id_fkey";

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

    /** Bumped by every change (optimistic locking): the post's ETag. */
    @Version
    @Column(nullable = false)
    public long version;

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

    /**
     * The post, locked until the transaction ends, when the viewer may see it: for a change that
     * compares its version (If-Match) and writes in one step, with no other change in between.
     */
    public static Optional<Post> findVisibleForUpdate(long id, long viewerId) {
        return Optional.ofNullable(Post.<Post> findById(id, LockModeType.PESSIMISTIC_WRITE))
                .filter(post -> post.published || post.isOwnedBy(viewerId));
    }

    /** What a read shows of the post and its owner, when the viewer may see it. */
    public static Optional<PostView> viewVisible(long id, long viewerId) {
        return find("id = :id and " + VISIBLE, Parameters.with("id", id).and("viewer", viewerId))
                .project(PostView.class)
                .firstResultOptional();
    }

    /**
     * X-Total-Count is exact when at most this many posts match; above it, counting would read
     * every match (far more work than the page itself), so the total is left out unless asked for.
     */
    public static final int COUNT_LIMIT = 1_000;

    /** Where a page starts: after a number of posts, or just past a cursor. */
    public sealed interface Start {
        record AtOffset(int offset) implements Start {
        }

        record After(Cursor cursor) implements Start {
        }
    }

    /**
     * A page of posts, the cursor of the page after it (empty on the last page), and the total
     * number of matching posts when it is known (see {@link #pageVisible}).
     */
    public record Page(List<PostView> posts, Optional<Cursor> next, OptionalLong total) {
    }

    /**
     * One page of the posts the viewer may see, newest first (id breaks ties), with their owners.
     * The total is exact when asked for; otherwise known for free when the page reaches the end of
     * an offset listing, counted when at most {@link #COUNT_LIMIT} posts can match, and left out
     * above that and after a cursor (whose position in the list is unknown).
     */
    public static Page pageVisible(long viewerId, String search, Start start, int limit, boolean exactTotal) {
        if (!hasSearch(search)) {
            return page(viewerId, search, start, limit, exactTotal);
        }
        // Search patterns differ so much in selectivity that one cached generic plan serves them
        // badly (it walks the whole created_at index for a rare term): plan these statements, and
        // only these, for their parameters.
        return QuarkusTransaction.joiningExisting().call(() -> {
            getEntityManager().createNativeQuery("set local plan_cache_mode = force_custom_plan").executeUpdate();
            return page(viewerId, search, start, limit, exactTotal);
        });
    }

    private static Page page(long viewerId, String search, Start start, int limit, boolean exactTotal) {
        List<PostView> rows = listVisible(viewerId, search, start, limit + 1);
        boolean more = rows.size() > limit;
        List<PostView> posts = more ? rows.subList(0, limit) : rows;
        Optional<Cursor> next = more ? Optional.of(Cursor.after(posts.get(posts.size() - 1))) : Optional.empty();
        return new Page(posts, next, total(viewerId, search, start, posts.size(), more, exactTotal));
    }

    private static OptionalLong total(long viewerId, String search, Start start, int size, boolean more,
            boolean exactTotal) {
        if (exactTotal) {
            return OptionalLong.of(count(visibleMatching(search, false), parameters(viewerId, search)));
        }
        if (!(start instanceof Start.AtOffset at)) {
            return OptionalLong.empty();
        }
        if (!more && (size > 0 || at.offset() == 0)) {
            return OptionalLong.of(at.offset() + (long) size);
        }
        if ((long) at.offset() + size >= COUNT_LIMIT) {
            return OptionalLong.empty(); // at least COUNT_LIMIT + 1 match: past what is counted
        }
        long counted = countVisibleUpTo(viewerId, search, COUNT_LIMIT + 1);
        return counted <= COUNT_LIMIT ? OptionalLong.of(counted) : OptionalLong.empty();
    }

    private static List<PostView> listVisible(long viewerId, String search, Start start, int rows) {
        Parameters parameters = parameters(viewerId, search);
        int offset = 0;
        if (start instanceof Start.After after) {
            parameters.and("afterCreatedAt", after.cursor().createdAt()).and("afterId", after.cursor().id());
        } else {
            offset = ((Start.AtOffset) start).offset();
        }
        return find(visibleMatching(search, start instanceof Start.After), LIST_ORDER, parameters)
                .project(PostView.class)
                .range(offset, offset + rows - 1)
                .list();
    }

    /** How many posts the viewer may see that match the search, reading at most {@code limit} of them. */
    private static long countVisibleUpTo(long viewerId, String search, int limit) {
        return find("select count(*) from (select id as id from Post where " + visibleMatching(search, false)
                + " order by createdAt desc, id desc limit " + limit + ")", parameters(viewerId, search))
                .project(Long.class)
                .singleResult();
    }

    private static String visibleMatching(String search, boolean afterCursor) {
        String where = hasSearch(search) ? VISIBLE + " and " + MATCHES : VISIBLE;
        // A row comparison, which PostgreSQL serves as one range of posts_created_at_id_idx.
        return afterCursor ? where + " and (createdAt, id) < (:afterCreatedAt, :afterId)" : where;
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
