package io.postwire.post;

import java.time.Instant;

public record PostResponse(
        Long id,
        String title,
        String content,
        boolean published,
        Instant createdAt,
        Instant updatedAt,
        Long ownerId,
        Owner owner) {

    public record Owner(Long id, String email) {
    }

    /** Reads the owner: callers pass posts loaded with their owner fetched. */
    public static PostResponse from(Post post) {
        return new PostResponse(post.id, post.title, post.content, post.published, post.createdAt, post.updatedAt,
                post.owner.id, new Owner(post.owner.id, post.owner.email));
    }
}
