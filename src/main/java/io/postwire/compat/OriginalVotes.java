package io.postwire.compat;

import io.postwire.post.PostVotes;
import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response.Status;

/**
 * The original service's vote, which unlike Postwire's own is not idempotent: a second vote is
 * a conflict and taking back a vote that is not there is not found, as its clients expect.
 */
@ApplicationScoped
public class OriginalVotes {

    @Inject
    PostVotes votes;

    /**
     * @throws HttpProblem 409 when the user had voted for the post already
     * @throws NotFoundException when there is no vote to take back, or no post the user may see
     */
    public VoteOutcome apply(long userId, VoteRequest vote) {
        long postId = vote.postId();
        if (vote.casts()) {
            if (!votes.cast(postId, userId)) {
                throw HttpProblem.builder().withStatus(Status.CONFLICT).withTitle(Status.CONFLICT.getReasonPhrase())
                        .withDetail("You have voted for post " + postId + " already").build();
            }
            return VoteOutcome.ADDED;
        }
        if (!votes.withdraw(postId, userId)) {
            throw new NotFoundException("You have no vote for post " + postId);
        }
        return VoteOutcome.DELETED;
    }
}
