package io.postwire.user;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * A display name: 1 to 100 characters counted as code points (as PostgreSQL counts the column's
 * VARCHAR(100)), not only blanks, and one line of visible text: a control character or a line
 * break would garble every page and log line that shows the name. Null passes (the name is
 * optional where @NotNull does not say otherwise); pair it with @StorableText.
 */
@Documented
@Pattern(regexp = DisplayName.JAVA_REGEXP)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ FIELD, METHOD, PARAMETER })
@Retention(RUNTIME)
public @interface DisplayName {

    int MAX_CHARACTERS = 100;
    /** What the OpenAPI document says of a field with this constraint. */
    String DESCRIPTION = "A display name, shown wherever the user is shown: 1 to 100 characters on one line, "
            + "surrounding blanks removed";

    /**
     * The rule as a Java regex, which counts code points: some character that is not white space
     * as String.isBlank() sees it, and none of Unicode's control characters (Cc) or line and
     * paragraph separators (Zl, Zp).
     */
    String JAVA_REGEXP = "(?=.*[^\\p{javaWhitespace}])[^\\p{Cc}\\p{Zl}\\p{Zp}]{1," + MAX_CHARACTERS + "}";

    /**
     * The same rule in ECMA-262 for the OpenAPI document (a field has one pattern there): no control
     * character, line break or unpaired surrogate, and at least one character that is not blank as
     * String.isBlank() sees it. Stricter than JAVA_REGEXP for characters outside the BMP (their
     * surrogate pairs), so schema-valid names are always accepted.
     */
    String ECMA_REGEXP = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uD800-\\uDFFF]*"
            + "[^\\u0000-\\u0020\\u007F-\\u009F\\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000\\uD800-\\uDFFF]"
            + "[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uD800-\\uDFFF]*$";

    String message() default "must be 1 to 100 characters, not only blanks, without control characters or line breaks";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
