package io.postwire.common;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Quarkus reports a request body that is not JSON as a bare "HTTP 400 Bad Request":
 * say what is wrong instead, without echoing the body (it may hold a password).
 */
@ApplicationScoped
public class MalformedJsonDetail implements ProblemPostProcessor {

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        if (problem.getStatusCode() != 400 || context.cause == null
                || !(context.cause.getCause() instanceof JsonProcessingException)) {
            return problem;
        }
        return HttpProblem.builder(problem).withDetail("The request body is not valid JSON").build();
    }
}
