package io.postwire.post;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The listing policy: where a page starts (an offset or a cursor), the cursor of the next page,
 * and when the total number of matching posts is given.
 */
@ApplicationScoped
public class PostListing {

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
     * number of matching posts when it is known (see {@link #page}).
     */
    public record Page(List<PostView> posts, Optional<Cursor> next, OptionalLong total) {
    }

    /**
     * One page of the posts the viewer (null: a reader without a token) may see, newest first (id breaks ties), with their owners.
     * The total is exact when asked for; otherwise known for free when the page reaches the end of
     * an offset listing, counted when at most {@link #COUNT_LIMIT} posts can match, and left out
     * above that and after a cursor (whose position in the list is unknown).
     */
    public Page page(Long viewerId, String search, Start start, int limit, boolean exactTotal) {
        if (!Post.hasSearch(search)) {
            return pageNow(viewerId, search, start, limit, exactTotal);
        }
        // Search patterns differ so much in selectivity that one cached generic plan serves them
        // badly (it walks the whole created_at index for a rare term): plan these statements, and
        // only these, for their parameters.
        return QuarkusTransaction.joiningExisting().call(() -> {
            Post.planForParameters();
            return pageNow(viewerId, search, start, limit, exactTotal);
        });
    }

    private static Page pageNow(Long viewerId, String search, Start start, int limit, boolean exactTotal) {
        Cursor after = start instanceof Start.After a ? a.cursor() : null;
        int offset = start instanceof Start.AtOffset at ? at.offset() : 0;
        List<PostView> rows = Post.listVisible(viewerId, search, after, offset, limit + 1);
        boolean more = rows.size() > limit;
        List<PostView> posts = more ? rows.subList(0, limit) : rows;
        Optional<Cursor> next = more ? Optional.of(Cursor.after(posts.get(posts.size() - 1))) : Optional.empty();
        return new Page(posts, next, total(viewerId, search, start, posts.size(), more, exactTotal));
    }

    private static OptionalLong total(Long viewerId, String search, Start start, int size, boolean more,
            boolean exactTotal) {
        if (exactTotal) {
            return OptionalLong.of(Post.countVisible(viewerId, search));
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
        long counted = Post.countVisibleUpTo(viewerId, search, COUNT_LIMIT + 1);
        return counted <= COUNT_LIMIT ? OptionalLong.of(counted) : OptionalLong.empty();
    }
}
