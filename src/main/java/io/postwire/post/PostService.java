package io.postwire.post;

import java.util.function.LongConsumer;

import org.hibernate.exception.ConstraintViolationException;

import io.postwire.common.UnauthorizedProblem;
import io.postwire.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

/** Creating, replacing and deleting posts, each in one transaction that announces the change. */
@ApplicationScoped
public class PostService {

    /** A post as the API shows it, with the version its ETag names. */
    public record Versioned(PostResponse post, long version) {
    }

    private final Event<PostChanged> changed;

    PostService(Event<PostChanged> changed) {
        this.changed = changed;
    }

    /** A new post of the owner; {@code ownerEmail} is the token's, so that the owner needs no select. */
    @Transactional
    public PostResponse create(long ownerId, String ownerEmail, PostRequest request) {
        // The owner by reference (no select): the token names it, and its foreign key checks it exists.
        Post post = new Post(User.reference(ownerId), request.title(), request.content(), request.publishedOrDefault());
        try {
            post.persist();
        } catch (ConstraintViolationException e) {
            if (Post.OWNER_FOREIGN_KEY.equals(e.getConstraintName())) {
                throw UnauthorizedProblem.invalidToken("The token's user no longer exists");
            }
            throw e;
        }
        changed.fire(new PostChanged(post.id, PostChanged.Change.CREATED));
        return PostResponse.from(post, ownerEmail);
    }

    /**
     * Replaces the owner's post once {@code precondition} accepts its current version, which stays
     * locked until the change commits: nothing can change it between the comparison and the write.
     */
    @Transactional
    public Versioned replace(long id, long ownerId, String ownerEmail, PostRequest request,
            LongConsumer precondition) {
        Post post = findOwned(id, ownerId);
        precondition.accept(post.version);
        post.replace(request.title(), request.content(), request.publishedOrDefault());
        Post.flush(); // bumps the version, for the new ETag
        changed.fire(new PostChanged(id, PostChanged.Change.UPDATED));
        return new Versioned(PostResponse.from(post, ownerEmail), post.version);
    }

    /** Deletes the owner's post once {@code precondition} accepts its current version (locked, as for a replace). */
    @Transactional
    public void delete(long id, long ownerId, LongConsumer precondition) {
        Post post = findOwned(id, ownerId);
        precondition.accept(post.version);
        post.delete();
        changed.fire(new PostChanged(id, PostChanged.Change.DELETED));
    }

    private static Post findOwned(long id, long userId) {
        Post post = Post.findVisibleForUpdate(id, userId).orElseThrow(() -> notFound(id));
        if (!post.isOwnedBy(userId)) {
            throw new ForbiddenException("Only the owner may change or delete this post");
        }
        return post;
    }

    public static NotFoundException notFound(long id) {
        return new NotFoundException("No post with id " + id);
    }
}
