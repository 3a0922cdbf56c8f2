package io.postwire.post;

/** Fired inside the transaction that changes a post; observers that must wait for its commit say so. */
public record PostChanged(long postId, Change change) {

    public enum Change {
        CREATED,
        UPDATED,
        DELETED,
        VOTE_CAST,
        VOTE_WITHDRAWN
    }
}
