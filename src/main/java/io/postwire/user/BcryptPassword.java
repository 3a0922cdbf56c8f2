package io.postwire.user;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A new password: at least 8 characters, and at most 72 bytes in UTF-8, because
 * bcrypt ignores everything after its 72nd byte (two long passwords would match).
 */
@Documented
@Constraint(validatedBy = BcryptPassword.Validator.class)
@Target({ FIELD, METHOD, PARAMETER })
@Retention(RUNTIME)
public @interface BcryptPassword {

    int MIN_CHARACTERS = 8;
    int MAX_BYTES = 72;
    /** For the OpenAPI document, whose maxLength counts characters: each is at least one byte. */
    String DESCRIPTION = "8 characters to 72 bytes in UTF-8 (bcrypt ignores what follows the 72nd byte)";

    String message() default "must be at least 8 characters and at most 72 bytes long";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<BcryptPassword, String> {
        @Override
        public boolean isValid(String password, ConstraintValidatorContext context) {
            if (password == null) {
                return true; // @NotNull's job
            }
            return password.codePointCount(0, password.length()) >= MIN_CHARACTERS
                    && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
        }
    }
}
