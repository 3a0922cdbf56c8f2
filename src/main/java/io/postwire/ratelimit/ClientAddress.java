package io.postwire.ratelimit;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client's address as the limits count it: the socket's peer, or the address a trusted
 * proxy forwarded. Quarkus resolves the latter only when quarkus.http.proxy.proxy-address-forwarding
 * is on and the peer is one of quarkus.http.proxy.trusted-proxies; anyone else's
 * X-Forwarded-For is ignored, so a client cannot choose its own bucket.
 */
public final class ClientAddress {

    /** Longer than any IPv6 text form with a zone; keeps a bucket name bounded whatever a proxy sends. */
    private static final int MAX_LENGTH = 64;

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress address = request.remoteAddress();
        String host = address == null ? null : address.hostAddress();
        if (host == null || host.isEmpty()) {
            return "unknown";
        }
        return host.length() > MAX_LENGTH ? host.substring(0, MAX_LENGTH) : host;
    }
}
