package io.postwire.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.postwire.common.StorableText;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /users}. */
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
        String password) {

    public RegisterRequest {
        // Surrounding blanks are a typo, not part of the address.
        email = email == null ? null : email.strip();
    }

    @Override
    public String toString() {
        return "RegisterRequest[email=" + email + ", password=***]";
    }
}
