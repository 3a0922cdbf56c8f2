package io.postwire.common;

import java.util.List;
import java.util.Map;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * A 422 in the shape the extension gives constraint violations, for input that only code can
 * judge: {@code violations: [{field, in, message}]}.
 */
public final class Violations {

    private static final int UNPROCESSABLE_ENTITY = 422;

    private Violations() {
    }

    public static HttpProblem.Builder unprocessableBuilder(String field, String in, String message) {
        return HttpProblem.builder()
                .withStatus(UNPROCESSABLE_ENTITY)
                .withTitle("Unprocessable Entity")
                .with("violations", List.of(Map.of("field", field, "in", in, "message", message)));
    }

    public static HttpProblem unprocessable(String field, String in, String message) {
        return unprocessableBuilder(field, in, message).build();
    }
}
