package io.postwire.common;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.OverridesAttribute;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * Text PostgreSQL can store as given: no NUL character (it refuses those) and no
 * unpaired UTF-16 surrogate (it would silently become '?').
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = StorableText.JAVA_REGEXP)
@ReportAsSingleViolation
@Target({ FIELD, METHOD, PARAMETER })
@Retention(RUNTIME)
public @interface StorableText {

    String JAVA_REGEXP = "[^\\x{0}\\x{D800}-\\x{DFFF}]*";
    /** The same in ECMA-262 (the OpenAPI document's dialect), anchored as Bean Validation's match is. */
    String ECMA_REGEXP = "^[^\\u0000\\uD800-\\uDFFF]*$";
    /**
     * Storable and not blank (@NotBlank: something left after trimming what is at most U+0020), for
     * a field that is both: the document has one pattern per field, and a generator that knows only
     * the first would make blank text that is refused.
     */
    String ECMA_NON_BLANK_REGEXP = "^[^\\u0000\\uD800-\\uDFFF]*[^\\u0000-\\u0020\\uD800-\\uDFFF][^\\u0000\\uD800-\\uDFFF]*$";

    @OverridesAttribute(constraint = Pattern.class, name = "message")
    String message() default "must not contain NUL characters or unpaired surrogates";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
