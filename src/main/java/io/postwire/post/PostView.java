package io.postwire.post;

import java.time.Instant;

/**
 * What a read shows of a post, its owner and the viewer's vote, fetched in one statement as a
 * projection (Post's queries say which): no managed entity, no dirty check, and none of the owner's
 * other columns (its password hash). {@code voted} is false for a reader without a token.
 */
public record PostView(
        Long id,
        String title,
        String content,
        boolean published,
        Instant createdAt,
        Instant updatedAt,
        Long ownerId,
        String ownerEmail,
        String ownerName,
        int votes,
        long version,
        boolean voted) {
}
