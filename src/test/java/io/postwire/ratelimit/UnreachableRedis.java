package io.postwire.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The limits' Redis store (the anonymous-read limit on too) pointed at a port of the test's: either nothing listens there (connections
 * refused, as when Redis is down) or a socket listens that never answers (as a Redis behind a broken network
 * or stuck). The test switches between the two through the {@link Port} injected into its field of that type.
 */
public class UnreachableRedis implements QuarkusTestResourceLifecycleManager {

    /** The port the client is configured with, and what is behind it. */
    public static final class Port {

        private final int number;
        private ServerSocket silent;

        Port(int number) {
            this.number = number;
        }

        /** Nothing listens: every connection is refused at once. */
        public synchronized void refuse() {
            if (silent != null) {
                close(silent);
                silent = null;
            }
        }

        /** The kernel accepts connections into the backlog; nothing ever reads or answers them. */
        public synchronized void listenWithoutAnswering() {
            if (silent == null) {
                silent = bind(number);
            }
        }
    }

    private Port port;

    @Override
    public Map<String, String> start() {
        ServerSocket free = bind(0);
        port = new Port(free.getLocalPort());
        close(free);
        return Map.of(
                "postwire.limits.store", "redis",
                "quarkus.redis.hosts", "redis://127.0.0.1:" + port.number,
                "postwire.limits.anonymous-read.enabled", "true",
                // No retry hides the failure: the first attempt's answer is the request's.
                "quarkus.redis.reconnect-attempts", "0");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(port, new TestInjector.MatchesType(Port.class));
    }

    @Override
    public void stop() {
        port.refuse();
    }

    private static ServerSocket bind(int number) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), number), 50);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
