package io.postwire.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.postwire.common.StorableText;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /users}: the account, and optionally its profile. */
@RegisterForReflection
public record RegisterRequest(
        @Schema(examples = "ada@example.com", format = "email")
        @NotBlank
        @Size(max = 254)
        // Hibernate Validator accepts "a@b"; like the original service, require a dotted domain.
        @Email(regexp = "^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$", message = "must be a well-formed email address")
        @StorableText
        String email,

        @Schema(examples = "correct horse battery staple", minLength = BcryptPassword.MIN_CHARACTERS,
                maxLength = BcryptPassword.MAX_BYTES, description = BcryptPassword.DESCRIPTION)
        @NotNull
        @BcryptPassword
        String password,

        @Schema(description = DisplayName.DESCRIPTION, examples = "Ada Lovelace", minLength = 1,
                maxLength = DisplayName.MAX_CHARACTERS, pattern = DisplayName.ECMA_REGEXP)
        @DisplayName
        @StorableText
        String name,

        @Schema(description = Age.DESCRIPTION, examples = "36")
        @Age
        Integer age) {

    public RegisterRequest {
        // Surrounding blanks are a typo, not part of the address or the name.
        email = email == null ? null : email.strip();
        name = name == null ? null : name.strip();
    }

    @Override
    public String toString() {
        return "RegisterRequest[email=" + email + ", password=***, name=" + name + ", age=" + age + "]";
    }
}
