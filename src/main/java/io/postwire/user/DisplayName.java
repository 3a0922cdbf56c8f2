package io.postwire.user;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A display name: 1 to 100 characters counted as code points (as PostgreSQL counts the column's
 * VARCHAR(100)), not only blanks, and one line of visible text: a control character or a line
 * break would garble every page and log line that shows the name. Null passes (the name is
 * optional where @NotNull does not say otherwise); pair it with @StorableText.
 */
@Documented
@Constraint(validatedBy = DisplayName.Validator.class)
@Target({ FIELD, METHOD, PARAMETER })
@Retention(RUNTIME)
public @interface DisplayName {

    int MAX_CHARACTERS = 100;
    /** What the OpenAPI document says of a field with this constraint. */
    String DESCRIPTION = "A display name, shown wherever the user is shown: 1 to 100 characters on one line, "
            + "surrounding blanks removed";

    /**
     * The same rule in ECMA-262 for the OpenAPI document (a field has one pattern there): no control
     * character, line break or unpaired surrogate, and at least one character that is not blank as
     * String.isBlank() sees it. Stricter than the validator for characters outside the BMP (their
     * surrogate pairs), so schema-valid names are always accepted.
     */
    String ECMA_REGEXP = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uD800-\\uDFFF]*"
            + "[^\\u0000-\\u0020\\u007F-\\u009F\\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000\\uD800-\\uDFFF]"
            + "[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uD800-\\uDFFF]*$";

    String message() default "must be 1 to 100 characters, not only blanks, without control characters or line breaks";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<DisplayName, String> {
        @Override
        public boolean isValid(String name, ConstraintValidatorContext context) {
            if (name == null) {
                return true;
            }
            return !name.isBlank() && name.codePointCount(0, name.length()) <= MAX_CHARACTERS
                    && name.codePoints().noneMatch(Validator::breaksTheLine);
        }

        private static boolean breaksTheLine(int codePoint) {
            int type = Character.getType(codePoint);
            return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
        }
    }
}
