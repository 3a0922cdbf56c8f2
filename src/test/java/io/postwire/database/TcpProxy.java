package io.postwire.database;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy the test controls, in front of PostgreSQL. It forwards until {@link #hang()}: from then on
 * every connection it holds, and every one it accepts, stays open and gets no byte back, as with a server
 * whose node is lost or whose processes are stopped (SIGSTOP). {@link #resume()} forwards the connections
 * accepted afterwards; the hung ones stay hung, as the old primary's do when a failover moves the
 * address, so the pool must drop them by itself.
 */
final class TcpProxy implements Closeable {

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstConnection = new CountDownLatch(1);
    private final AtomicInteger acceptedWhileHung = new AtomicInteger();
    private volatile boolean hung;

    /** One client connection and its connection upstream; nothing crosses it once it is hung. */
    private static final class Link {
        volatile boolean hung;
    }

    TcpProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("tcp-proxy-accept", this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Nothing is forwarded any more, on any connection, and no connection is closed. */
    void hang() {
        hung = true;
        links.forEach(link -> link.hung = true);
    }

    /** New connections are forwarded again; those that hung stay hung. */
    void resume() {
        hung = false;
    }

    /** Whether a client connected within this time. */
    boolean awaitFirstConnection(Duration timeout) throws InterruptedException {
        return firstConnection.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The connections accepted while hung, which never got a byte back. */
    int acceptedWhileHung() {
        return acceptedWhileHung.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                firstConnection.countDown();
                Link link = new Link();
                links.add(link);
                if (hung) {
                    link.hung = true; // accepted, as the kernel of a stopped server still does; never answered
                    acceptedWhileHung.incrementAndGet();
                    continue;
                }
                Socket server = new Socket();
                sockets.add(server);
                server.connect(upstream);
                pump(client, server, link);
                pump(server, client, link);
            } catch (IOException e) {
                // closed by close(), or one connection failed: the others go on
            }
        }
    }

    private static void pump(Socket from, Socket to, Link link) {
        daemon("tcp-proxy-pump", () -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0;) {
                    if (!link.hung) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed
            }
            if (!link.hung) {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(TcpProxy::closeQuietly);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
