package io.postwire.post;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Votes for posts. The post is locked while its count changes, so the count stays exactly the
 * number of its votes however many users vote at once; a vote changes the post's version (its ETag),
 * because its representation carries the count. A post the voter may not see (another user's draft)
 * cannot be voted for: it is not found.
 */
@ApplicationScoped
public class PostVotes {

    @Inject
    Event<PostChanged> changed;

    /** The user's vote for the post: true when it is new, false when the user had voted already. */
    @Transactional
    public boolean cast(long postId, long userId) {
        Post post = Post.findVisibleForUpdate(postId, userId).orElseThrow(() -> PostService.notFound(postId));
        if (!Vote.cast(postId, userId)) {
            return false;
        }
        post.votes++;
        changed.fire(new PostChanged(postId, PostChanged.Change.VOTE_CAST));
        return true;
    }

    /** Takes the user's vote back: true when there was one. */
    @Transactional
    public boolean withdraw(long postId, long userId) {
        Post post = Post.findVisibleForUpdate(postId, userId).orElseThrow(() -> PostService.notFound(postId));
        if (!Vote.withdraw(postId, userId)) {
            return false;
        }
        post.votes--;
        changed.fire(new PostChanged(postId, PostChanged.Change.VOTE_WITHDRAWN));
        return true;
    }
}
