package io.postwire.post;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.postwire.common.Timestamps;
import io.postwire.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

    /** Plans the statements of the current transaction for their parameters rather than by a cached generic plan. */
    static void planForParameters() {
        getEntityManager().createNativeQuery("set local plan_cache_mode = force_custom_plan").executeUpdate();
    }

    /** Up to {@code rows} posts the viewer may see that match the search, in list order, after a cursor or an offset. */
    static List<PostView> listVisible(long viewerId, String search, Cursor after, int offset, int rows) {
        Parameters parameters = parameters(viewerId, search);
        if (after != null) {
            parameters.and("afterCreatedAt", after.createdAt()).and("afterId", after.id());
        }
        return find(visibleMatching(search, after != null), LIST_ORDER, parameters)
                .project(PostView.class)
                .range(offset, offset + rows - 1)
                .list();
    }

    /** How many posts the viewer may see that match the search, all of them counted. */
    static long countVisible(long viewerId, String search) {
        return count(visibleMatching(search, false), parameters(viewerId, search));
    }

    /** How many posts the viewer may see that match the search, reading at most {@code limit} of them. */
    static long countVisibleUpTo(long viewerId, String search, int limit) {
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
    static boolean hasSearch(String search) {
        return search != null && !search.isEmpty();
    }

    /** A LIKE pattern that matches the text literally anywhere: '%', '_' and '\' lose their meaning. */
    static String containsPattern(String text) {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
