package io.postwire.common;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every API response that did not decide its own Cache-Control says no-store: tokens, accounts,
 * drafts, writes and every error, whichever layer answered (security, routing, body limit or a
 * resource). Set as the headers go out rather than before routing, so that the one response that
 * may be shared ({@link SharedCacheHeaders}) replaces the default instead of being sent beside it.
 * Operations paths (/q/) keep their own rules.
 */
@ApplicationScoped
public class NoStoreByDefault {

    void install(@Observes Router router) {
        router.route().order(RequestId.ROUTE_ORDER + 1).handler(this::defaultToNoStore);
    }

    private void defaultToNoStore(RoutingContext context) {
        if (!context.normalizedPath().startsWith("/q/")) {
            context.addHeadersEndHandler(ignored -> {
                if (!context.response().headers().contains(SharedCacheHeaders.CACHE_CONTROL)) {
                    context.response().putHeader(SharedCacheHeaders.CACHE_CONTROL, "no-store");
                }
            });
        }
        context.next();
    }
}
