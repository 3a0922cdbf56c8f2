package io.postwire.common;

import java.sql.SQLException;

import org.jboss.resteasy.reactive.common.util.URLUtils;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Bad input that only fails deep in the stack reaches the problem mappers as a bare
 * 400 or a 500. This names it for what it is, before the problem is logged, and never
 * echoes the input (it may hold a password).
 */
@ApplicationScoped
public class ClientInputProblems implements ProblemPostProcessor {

    /** SQLSTATE class 22: the value cannot be stored, e.g. text with a NUL character. */
    private static final String DATA_EXCEPTION_CLASS = "22";

    @Override
    public int priority() {
        return 200; // ahead of the extension's logger (101), which then logs the corrected problem
    }

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        Throwable cause = context.cause;
        if (cause == null) {
            return problem;
        }
        if (problem.getStatusCode() == 400 && cause.getCause() instanceof JsonProcessingException) {
            return HttpProblem.builder(problem).withDetail("The request body is not valid JSON").build();
        }
        if (problem.getStatusCode() == 500 && isFormDecodingFailure(cause)) {
            return replace(problem, 400, "Bad Request", "The form body is not valid URL encoding");
        }
        if (problem.getStatusCode() == 500 && isDataException(cause)) {
            return replace(problem, 422, "Unprocessable Entity",
                    "The request holds a value that cannot be stored, such as text with a NUL character");
        }
        return problem;
    }

    private static HttpProblem replace(HttpProblem problem, int status, String title, String detail) {
        return HttpProblem.builder(problem).withStatus(status).withTitle(title).withDetail(detail).build();
    }

    private static boolean isFormDecodingFailure(Throwable cause) {
        StackTraceElement[] frames = cause.getStackTrace();
        return cause instanceof IllegalArgumentException && frames.length > 0
                && frames[0].getClassName().equals(URLUtils.class.getName());
    }

    private static boolean isDataException(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(DATA_EXCEPTION_CLASS)) {
                return true;
            }
        }
        return false;
    }
}
