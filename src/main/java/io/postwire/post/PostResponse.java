package io.postwire.post;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A post as the API shows it, with its owner (kept for reflection, also inside lists, for the native executable). */
@RegisterForReflection
public record PostResponse(
        Long id,
        String title,
        String content,
        boolean published,
        Instant createdAt,
        Instant updatedAt,
        Long ownerId,
        Owner owner) {

    @RegisterForReflection
    public record Owner(Long id, @Schema(format = "email") String email) {
    }

    public static PostResponse from(PostView post) {
        return new PostResponse(post.id(), post.title(), post.content(), post.published(), post.createdAt(),
                post.updatedAt(), post.ownerId(), new Owner(post.ownerId(), post.ownerEmail()));
    }

    /** Reads the owner: callers pass posts loaded with their owner fetched. */
    public static PostResponse from(Post post) {
        return from(post, post.owner.email);
    }

    /** The owner's email given, so that a post whose owner is a reference needs no select for it. */
    public static PostResponse from(Post post, String ownerEmail) {
        return new PostResponse(post.id, post.title, post.content, post.published, post.createdAt, post.updatedAt,
                post.owner.id, new Owner(post.owner.id, ownerEmail));
    }
}
