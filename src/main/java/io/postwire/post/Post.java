package io.postwire.post;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.postwire.common.IdentityEntity;
import io.postwire.common.Timestamps;
import io.postwire.user.User;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A post. A post that is not published is a draft: only its owner sees it; a reader without a
 * token sees published posts only. Every query that returns posts fetches, in the same statement,
 * their owner and whether the viewer voted for them.
 */
@Entity
@Table(name = "posts")
public class Post extends IdentityEntity {

    /** Visible to a signed-in viewer: published, or the viewer's own draft. */
    private static final String VISIBLE = "(p.published = true or p.owner.id = :viewer)";
    /** Visible to a reader without a token. */
    private static final String PUBLISHED = "p.published = true";
    /** Newest first, id breaking ties: the order of posts_created_at_id_idx. */
    private static final String LIST_ORDER = " order by p.createdAt desc, p.id desc";
    /** Case-insensitive substring of title or content; the pattern escapes with '!'. */
    private static final String MATCHES = "(p.title ilike :pattern escape '!' or p.content ilike :pattern escape '!')";
    /** What a read shows of a post, its owner and the viewer's vote ({@link PostView}). */
    private static final String VIEW = "select new io.postwire.post.PostView(p.id, p.title, p.content, p.published, "
            + "p.createdAt, p.updatedAt, o.id, o.email, o.name, p.votes, p.version, %s) from Post p join p.owner o ";
    /** A signed-in viewer's vote: a primary-key probe of votes, in the statement that reads the posts. */
    private static final String VIEW_SIGNED_IN = VIEW.formatted("v.id.postId is not null")
            + "left join Vote v on v.id.postId = p.id and v.id.userId = :viewer where ";
    private static final String VIEW_ANONYMOUS = VIEW.formatted("false") + "where ";

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

    /** How many users voted for it (the rows of votes, counted as they change). */
    @Column(nullable = false)
    public int votes;

    /** Bumped by every change, votes included (optimistic locking): the post's ETag. */
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

    /** What a read shows of the post, when the viewer (null: a reader without a token) may see it. */
    public static Optional<PostView> viewVisible(long id, Long viewerId) {
        return views(view(viewerId) + "p.id = :id and " + visible(viewerId), parameters(viewerId, null).and("id", id))
                .firstResultOptional();
    }

    /** Plans the statements of the current transaction for their parameters rather than by a cached generic plan. */
    static void planForParameters() {
        getEntityManager().createNativeQuery("set local plan_cache_mode = force_custom_plan").executeUpdate();
    }

    /** Up to {@code rows} posts the viewer may see that match the search, in list order, after a cursor or an offset. */
    static List<PostView> listVisible(Long viewerId, String search, Cursor after, int offset, int rows) {
        Parameters parameters = parameters(viewerId, search);
        if (after != null) {
            parameters.and("afterCreatedAt", after.createdAt()).and("afterId", after.id());
        }
        return views(view(viewerId) + visibleMatching(viewerId, search, after != null) + LIST_ORDER, parameters)
                .range(offset, offset + rows - 1)
                .list();
    }

    /** How many posts the viewer may see that match the search, all of them counted. */
    static long countVisible(Long viewerId, String search) {
        return find("select count(*) from Post p where " + visibleMatching(viewerId, search, false),
                parameters(viewerId, search))
                .project(Long.class)
                .singleResult();
    }

    /** How many posts the viewer may see that match the search, reading at most {@code limit} of them. */
    static long countVisibleUpTo(Long viewerId, String search, int limit) {
        return find("select count(*) from (select p.id as id from Post p where "
                + visibleMatching(viewerId, search, false) + LIST_ORDER + " limit " + limit + ")",
                parameters(viewerId, search))
                .project(Long.class)
                .singleResult();
    }

    /** A query whose select clause makes PostViews (Panache's project() makes its own select clause). */
    @SuppressWarnings("unchecked")
    private static PanacheQuery<PostView> views(String query, Parameters parameters) {
        return (PanacheQuery<PostView>) (PanacheQuery<?>) find(query, parameters);
    }

    private static String view(Long viewerId) {
        return viewerId == null ? VIEW_ANONYMOUS : VIEW_SIGNED_IN;
    }

    private static String visible(Long viewerId) {
        return viewerId == null ? PUBLISHED : VISIBLE;
    }

    private static String visibleMatching(Long viewerId, String search, boolean afterCursor) {
        String where = hasSearch(search) ? visible(viewerId) + " and " + MATCHES : visible(viewerId);
        // A row comparison, which PostgreSQL serves as one range of posts_created_at_id_idx.
        return afterCursor ? where + " and (p.createdAt, p.id) < (:afterCreatedAt, :afterId)" : where;
    }

    private static Parameters parameters(Long viewerId, String search) {
        Parameters parameters = new Parameters();
        if (viewerId != null) {
            parameters.and("viewer", viewerId);
        }
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
