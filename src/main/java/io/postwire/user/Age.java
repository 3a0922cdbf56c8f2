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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** An age in years, 0 to 150: the range the users_age_range check of the schema allows. Null passes. */
@Documented
@Constraint(validatedBy = {})
@Min(0)
@Max(150)
@ReportAsSingleViolation
@Target({ FIELD, METHOD, PARAMETER })
@Retention(RUNTIME)
public @interface Age {

    /** What the OpenAPI document says of a field with this constraint. */
    String DESCRIPTION = "In years, 0 to 150; shown to the user alone";

    String message() default "must be from 0 to 150";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
