package io.postwire.compat;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;

/** Body of the original service's {@code POST /votes}: 1 votes for the post, anything less takes the vote back. */
@RegisterForReflection
public record VoteRequest(
        @Schema(examples = "42") @NotNull Long postId,
        @Schema(description = "1 votes for the post; 0 or less takes the caller's vote back", maximum = "1",
                examples = "1")
        @NotNull @Max(1) Integer dir) {

    boolean casts() {
        return dir == 1;
    }
}
