package io.postwire.post;

import java.util.function.LongConsumer;

import io.postwire.common.UnauthorizedProblem;
import io.postwire.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

/** Creating, replacing and deleting posts, each in one transaction that announces the change. */
@ApplicationScoped
public class PostService {

    /** A post as the API shows it, with the version its ETag names. */
    public record Versioned(PostResponse post, long version) {
    }

    @Inject
    Event<PostChanged> changed;

    /** A new post of the owner, who has not voted for it yet. */
    @Transactional
    public PostResponse create(long ownerId, PostRequest request) {
        User owner = User.<User> findByIdOptional(ownerId)
                .orElseThrow(() -> UnauthorizedProblem.invalidToken("The token's user no longer exists"));
        Post post = new Post(owner, request.title(), request.content(), request.publishedOrDefault());
        post.persist();
        changed.fire(new PostChanged(post.id, PostChanged.Change.CREATED));
        return PostResponse.from(post, owner.email, owner.name, false);
    }

    /**
     * Replaces the owner's post once {@code precondition} accepts its current version, which stays
     * locked until the change commits: nothing can change it between the comparison and the write.
     */
    @Transactional
    public Versioned replace(long id, long ownerId, PostRequest request, LongConsumer precondition) {
        Post post = findOwned(id, ownerId);
        precondition.accept(post.version);
        post.replace(request.title(), request.content(), request.publishedOrDefault());
        Post.flush(); // bumps the version, for the new ETag
        changed.fire(new PostChanged(id, PostChanged.Change.UPDATED));
        return new Versioned(PostResponse.from(post, post.owner.email, post.owner.name, Vote.exists(id, ownerId)),
                post.version);
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
