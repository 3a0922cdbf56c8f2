package io.postwire.common;

import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * The one place that lets a response be shared (RFC 9111). Every API response is no-store by
 * default ({@link NoStoreByDefault}); here a 200 or 304 of a {@link SharedWhenAnonymous} read
 * becomes public for a short freshness, but only when the request carried no Authorization at
 * all: a response to a token holds what only that caller sees (drafts, "voted"), and RFC 9111
 * 3.5 lets a shared cache reuse a response to Authorization once it says public, so it keeps
 * the default no-store. Vary: Authorization on both keeps a cache from answering a signed-in reader with the
 * anonymous copy. Errors never get here as 200/304, so they stay no-store.
 */
@Provider
@SharedWhenAnonymous
public class SharedCacheHeaders implements ContainerResponseFilter {

    static final String CACHE_CONTROL = "Cache-Control";

    @Inject
    SharedCachePolicy policy;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        boolean read = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
        if (!read || (status != Response.Status.OK.getStatusCode()
                && status != Response.Status.NOT_MODIFIED.getStatusCode())) {
            return;
        }
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            response.getHeaders().putSingle(CACHE_CONTROL, policy.cacheControl());
        }
        response.getHeaders().putSingle(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
    }
}
