package io.postwire.common;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a plain
 * token (a proxy's or a client's id), else a new UUID. The id is echoed in the
 * response header and put in the logging MDC as {@code requestId}: Quarkus keeps
 * the MDC on the request's Vert.x context, so every line the request logs, on any
 * thread, carries it.
 */
@ApplicationScoped
public class RequestId {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    /** First of all routes, so that even a 404 or a 413 carries the id. */
    public static final int ROUTE_ORDER = Integer.MIN_VALUE;
    /** Bounded and free of spaces, quotes and control characters: safe in a log line and a header. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void install(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::assign);
    }

    private void assign(RoutingContext context) {
        String id = accepted(context.request().getHeader(HEADER)).orElseGet(() -> UUID.randomUUID().toString());
        MDC.put(MDC_KEY, id);
        context.response().putHeader(HEADER, id);
        context.next();
    }

    static Optional<String> accepted(String header) {
        return Optional.ofNullable(header).filter(id -> ACCEPTED.matcher(id).matches());
    }
}
