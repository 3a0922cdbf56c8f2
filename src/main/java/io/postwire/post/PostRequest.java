package io.postwire.post;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.postwire.common.StorableText;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /posts} and {@code PUT /posts/{id}} (a full replace). */
@RegisterForReflection
public record PostRequest(
        @Schema(examples = "Hello, Postwire", pattern = StorableText.ECMA_NON_BLANK_REGEXP)
        @NotBlank @Size(max = 255) @StorableText String title,
        @Schema(examples = "My first post.", pattern = StorableText.ECMA_NON_BLANK_REGEXP)
        @NotBlank @Size(max = 100_000) @StorableText String content,
        @Schema(description = "false makes a draft that only its owner sees", defaultValue = "true") Boolean published) {

    public boolean publishedOrDefault() {
        return published == null || published;
    }
}
