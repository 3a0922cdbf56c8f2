package io.postwire.common;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;

/**
 * The few errors quarkus-resteasy-problem 3.21.0 does not turn into problem JSON on
 * this Quarkus: Quarkus's own mapper for a JSON body of the wrong shape answers with
 * an empty 400 (and SecurityProblemMappers has the security ones). Everything
 * else goes through the extension.
 */
public class ProblemMappers {

    /** Ahead of the extension's mappers (registered at priority 999) and Quarkus's built-in ones. */
    public static final int BEFORE_BUILT_IN = 900;

    /** Valid JSON, but a value of the wrong type for a field (or not an object at all): 422, naming the field. */
    @ServerExceptionMapper(value = { MismatchedInputException.class, InvalidFormatException.class },
            priority = BEFORE_BUILT_IN)
    public Response wrongJsonType(MismatchedInputException e, HttpServerRequest request) {
        return bodyViolation(jsonPath(e.getPath()), "must be " + jsonTypeName(e.getTargetType()), request);
    }

    /**
     * A field the body does not take (quarkus.jackson.fail-on-unknown-properties): 422, naming it. Clients
     * cannot set what the server owns (id, owner_id, created_at, ...) by sending it (mass assignment), and a
     * misspelt field is an error instead of a silently ignored value.
     */
    @ServerExceptionMapper(priority = BEFORE_BUILT_IN)
    public Response unknownJsonField(UnrecognizedPropertyException e, HttpServerRequest request) {
        return bodyViolation(jsonPath(e.getPath()), "is not accepted in this request body", request);
    }

    private static Response bodyViolation(String field, String message, HttpServerRequest request) {
        HttpProblem problem = Violations.unprocessableBuilder(field, "body", message)
                .withDetail("The request body does not have the expected shape")
                .build();
        return withInstance(problem, request).toResponse();
    }

    /** What the extension adds to the problems it maps itself: the request path. */
    public static HttpProblem withInstance(HttpProblem problem, HttpServerRequest request) {
        return HttpProblem.builder(problem).withInstance(URI.create(request.path())).build();
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String jsonTypeName(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
