package io.postwire.compat;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import io.postwire.user.RegisterRequest;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A registration that names the user: the original service required a name, so its path still
 * does, while POST /users leaves it optional. The violation names the field, with the request's
 * other violations, as if the field itself were constrained.
 */
@Documented
@Constraint(validatedBy = NameRequired.Validator.class)
@Target(PARAMETER)
@Retention(RUNTIME)
public @interface NameRequired {

    String message() default "must not be null";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NameRequired, RegisterRequest> {
        @Override
        public boolean isValid(RegisterRequest request, ConstraintValidatorContext context) {
            if (request == null || request.name() != null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("name").addConstraintViolation();
            return false;
        }
    }
}
