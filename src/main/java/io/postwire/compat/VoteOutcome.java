package io.postwire.compat;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What the original service answered a vote with: a sentence for a person. */
@RegisterForReflection
public record VoteOutcome(String message) {

    static final VoteOutcome ADDED = new VoteOutcome("Vote added");
    static final VoteOutcome DELETED = new VoteOutcome("Vote deleted");
}
