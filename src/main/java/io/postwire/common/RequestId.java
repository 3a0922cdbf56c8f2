package io.postwire.common;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a plain
 * token (a proxy's or a client's id), else a new random UUID. The id is echoed in the
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
        String id = accepted(context.request().getHeader(HEADER)).orElseGet(RequestId::generate);
        MDC.put(MDC_KEY, id);
        context.response().putHeader(HEADER, id);
        context.next();
    }

    /**
     * A random (version 4) UUID from the thread's own generator: an id needs to be unique, not
     * unpredictable, and UUID.randomUUID() takes the lock of one shared SecureRandom.
     */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    static Optional<String> accepted(String header) {
        return Optional.ofNullable(header).filter(id -> ACCEPTED.matcher(id).matches());
    }
}
