package io.postwire.post;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.common.ProjectedConstructor;
import io.quarkus.hibernate.orm.panache.common.ProjectedFieldName;
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
    public record Owner(Long id, String email) {
    }

    /**
     * What a read projects from a post and its owner in one statement: no managed entity, no
     * dirty check, and none of the owner's other columns (its password hash).
     */
    @ProjectedConstructor
    public PostResponse(Long id, String title, String content, boolean published, Instant createdAt,
            Instant updatedAt, @ProjectedFieldName("owner.id") Long ownerId,
            @ProjectedFieldName("owner.email") String ownerEmail) {
        this(id, title, content, published, createdAt, updatedAt, ownerId, new Owner(ownerId, ownerEmail));
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
