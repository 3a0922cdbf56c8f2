package io.postwire.user;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.postwire.common.StorableText;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code PATCH /users/me}: a JSON merge patch (RFC 7396) of the caller's profile. Jackson
 * calls a setter only for a member the body has, null included, so the patch knows which members
 * to write and which to leave. Any other member, the email or password among them, is refused
 * (quarkus.jackson.fail-on-unknown-properties). A class rather than a record: a record cannot tell
 * an absent member from a null one without Optional components, and the constraints of
 * {@code @StorableText} do not reach inside an Optional.
 */
@RegisterForReflection
@Schema(description = "A JSON merge patch (RFC 7396) of the profile: a member sent as null removes the value, "
        + "an absent one leaves it as it is. No other member is accepted.")
public class ProfilePatch {

    @Schema(type = SchemaType.STRING, nullable = true, description = DisplayName.DESCRIPTION, examples = "Ada Lovelace",
            minLength = 1, maxLength = DisplayName.MAX_CHARACTERS, pattern = DisplayName.ECMA_REGEXP)
    @DisplayName
    @StorableText
    private String name;

    @Schema(type = SchemaType.INTEGER, format = "int32", nullable = true, description = Age.DESCRIPTION, examples = "36")
    @Age
    private Integer age;

    @Schema(hidden = true)
    private boolean hasName;

    @Schema(hidden = true)
    private boolean hasAge;

    public void setName(String name) {
        // Surrounding blanks are a typo, not part of the name.
        this.name = name == null ? null : name.strip();
        this.hasName = true;
    }

    public void setAge(Integer age) {
        this.age = age;
        this.hasAge = true;
    }

    /** Writes the members the patch has into the user; the others stay as they are. */
    void applyTo(User user) {
        if (hasName) {
            user.name = name;
        }
        if (hasAge) {
            user.age = age;
        }
    }
}
