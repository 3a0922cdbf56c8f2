package io.postwire.common;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Singleton;

/**
 * Tags every HTTP server request by whether it came with a bearer token: caller="bearer" or
 * "anonymous" on http_server_requests_seconds. It tells how much of the traffic a shared cache could
 * take off the service, and whether that share reaches it. By the header only, as it came: a token that
 * is then refused still counts as bearer, so the tag costs no verification.
 */
@Singleton
public class CallerTag implements HttpServerMetricsTagsContributor {

    private static final String BEARER_SCHEME = "bearer ";
    private static final Tags BEARER = Tags.of(Tag.of("caller", "bearer"));
    private static final Tags ANONYMOUS = Tags.of(Tag.of("caller", "anonymous"));

    @Override
    public Tags contribute(Context context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        boolean bearer = authorization != null && authorization.length() > BEARER_SCHEME.length()
                && authorization.regionMatches(true, 0, BEARER_SCHEME, 0, BEARER_SCHEME.length());
        return bearer ? BEARER : ANONYMOUS;
    }
}
