package io.postwire.post;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

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
        Owner owner,
        @Schema(description = "How many users voted for the post") int votes,
        @Schema(description = "Whether the caller voted for the post; absent without a bearer token")
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean voted) {

    @RegisterForReflection
    public record Owner(Long id, @Schema(format = "email") String email,
            @JsonInclude(JsonInclude.Include.NON_NULL) String name) {
    }

    /** A read's post; {@code signedIn} false leaves out what only a signed-in caller is told (voted). */
    public static PostResponse from(PostView post, boolean signedIn) {
        return new PostResponse(post.id(), post.title(), post.content(), post.published(), post.createdAt(),
                post.updatedAt(), post.ownerId(), new Owner(post.ownerId(), post.ownerEmail(), post.ownerName()),
                post.votes(), signedIn ? post.voted() : null);
    }

    /** A post just written by its owner, who is the caller, with the owner's vote as given. */
    public static PostResponse from(Post post, String ownerEmail, String ownerName, boolean voted) {
        return new PostResponse(post.id, post.title, post.content, post.published, post.createdAt, post.updatedAt,
                post.owner.id, new Owner(post.owner.id, ownerEmail, ownerName), post.votes, voted);
    }
}
