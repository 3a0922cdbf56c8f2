package io.postwire.common;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a request that declares a body over {@code quarkus.http.limits.max-body-size}
 * with a 413 problem JSON before any of it is read. (Quarkus would answer the same
 * status with an empty body; a chunked body that grows past the limit still gets that.)
 */
@ApplicationScoped
public class RequestBodyLimit {

    private final long maxBodyBytes;

    RequestBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RequestId.ROUTE_ORDER + 1).handler(this::rejectOversizedBody);
    }

    private void rejectOversizedBody(RoutingContext context) {
        if (declaredLength(context) <= maxBodyBytes) {
            context.next();
            return;
        }
        String problem = new JsonObject()
                .put("status", 413)
                .put("title", "Request Entity Too Large")
                .put("detail", "The request body is larger than " + maxBodyBytes + " bytes")
                .put("instance", context.request().path())
                .encode();
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemJson.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(problem);
    }

    private static long declaredLength(RoutingContext context) {
        String contentLength = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength == null) {
            return 0;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return 0; // malformed: left to the HTTP layer to reject
        }
    }
}
