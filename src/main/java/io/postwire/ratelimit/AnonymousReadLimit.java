package io.postwire.ratelimit;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.postwire.common.SharedWhenAnonymous;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;

/**
 * Counts each read that a shared cache may answer ({@link SharedWhenAnonymous}) when it reaches the
 * service without a token; a request whose token verified is a user's and is not counted. It runs
 * on the read's own worker thread before the resource reads the database. Authentication is not
 * proactive, so asking the identity verifies a token here, once for the request: a bad one is the
 * same 401 the read would get.
 */
public class AnonymousReadLimit {

    @Inject
    AnonymousReadLimiter limiter;
    @Inject
    SecurityIdentity identity;

    @ServerRequestFilter
    @SharedWhenAnonymous
    public void countAnonymousRead(HttpServerRequest request) {
        if (identity.isAnonymous()) {
            limiter.count(ClientAddress.of(request));
        }
    }
}
