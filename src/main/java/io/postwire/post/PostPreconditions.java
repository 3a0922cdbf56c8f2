package io.postwire.post;

import java.util.Optional;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * The ETag rules of a post: its version is its strong ETag; a read with If-None-Match naming it
 * is a 304; a change with an If-Match that does not name it is a 412, and without If-Match a 428
 * when postwire.posts.require-if-match is on.
 */
public final class PostPreconditions {

    private PostPreconditions() {
    }

    /** Strong: the version changes with every change of the post. */
    public static EntityTag entityTag(long version) {
        return new EntityTag(String.valueOf(version));
    }

    /**
     * The 304 to answer a read with, when If-None-Match names this version.
     *
     * @throws HttpProblem 412 when an If-Match of the read does not name it
     */
    public static Optional<Response> notModified(Request conditions, long version) {
        EntityTag tag = entityTag(version);
        Response.ResponseBuilder failed = conditions.evaluatePreconditions(tag);
        if (failed == null) {
            return Optional.empty();
        }
        Response response = failed.tag(tag).build();
        if (response.getStatus() == Response.Status.PRECONDITION_FAILED.getStatusCode()) {
            throw preconditionFailed();
        }
        return Optional.of(response);
    }

    /**
     * @throws HttpProblem 428 when If-Match is required and absent, 412 when the request's
     *         preconditions do not hold for this version
     */
    public static void requireMatch(Request conditions, HttpHeaders headers, boolean ifMatchRequired, long version) {
        if (ifMatchRequired && headers.getHeaderString(HttpHeaders.IF_MATCH) == null) {
            throw HttpProblem.builder().withStatus(428).withTitle("Precondition Required")
                    .withDetail("Send If-Match with the post's ETag from a GET, so that no change is lost").build();
        }
        if (conditions.evaluatePreconditions(entityTag(version)) != null) {
            throw preconditionFailed();
        }
    }

    private static HttpProblem preconditionFailed() {
        return HttpProblem.builder().withStatus(412).withTitle("Precondition Failed")
                .withDetail("The post has changed since the ETag given (or If-None-Match matched it); read it again")
                .build();
    }
}
