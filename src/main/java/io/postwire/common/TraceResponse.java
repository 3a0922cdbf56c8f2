package io.postwire.common;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells the caller the trace of its request in the W3C {@code traceresponse} header
 * ({@code 00-<trace id>-<server span id>-<flags>}), on every response while tracing is on:
 * the id a user quotes to find the trace and, through the logs' {@code traceId}, its log
 * lines. X-Request-Id (RequestId) stays beside it: it works with tracing off too.
 */
@ApplicationScoped
public class TraceResponse {

    public static final String HEADER = "traceresponse";

    void install(@Observes Router router) {
        // Right after the request id; the server span already exists (started before any route).
        router.route().order(RequestId.ROUTE_ORDER + 1).handler(this::expose);
    }

    private void expose(RoutingContext context) {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            context.response().putHeader(HEADER,
                    "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex());
        }
        context.next();
    }
}
