package io.postwire.ratelimit;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.postwire.common.SharedWhenAnonymous;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;

/**
 * Counts each read that a shared cache may answer ({@link SharedWhenAnonymous}) when it reaches the
 * service without a token; a request whose token verified is a user's and is not counted. It runs on
 * the event loop, before the read takes a worker thread, and waits for Redis without holding one: a
 * worker parked on the round trip, handing the command to the client's event loop and taking the
 * answer back, cost about 47 µs of CPU per counted read against 28 µs here (docs/benchmarks.md).
 * Authentication is not proactive, so asking the identity verifies a token here, once for the
 * request: a bad one is the same 401 the read would get.
 */
public class AnonymousReadLimit {

    @Inject
    AnonymousReadLimiter limiter;
    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter(nonBlocking = true)
    @SharedWhenAnonymous
    public Uni<Void> countAnonymousRead(HttpServerRequest request) {
        if (!limiter.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String address = ClientAddress.of(request);
        return identities.getDeferredIdentity().chain(identity -> identity.isAnonymous()
                ? limiter.count(address)
                : Uni.createFrom().voidItem());
    }
}
