package io.postwire.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

import io.postwire.support.ProdProfileConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The app's datasource reaches the test database through a {@link TcpProxy}, injected into the test's field
 * of that type, so that the test can make the database hang under the running app.
 */
public class DatabaseBehindProxy implements QuarkusTestResourceLifecycleManager {

    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    private static final String JDBC_PREFIX = "jdbc:";

    protected TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        // The test database itself: the test JVM's config may still hold an earlier test's proxy.
        URI database = URI.create(ProdProfileConfig.JDBC_URL.substring(JDBC_PREFIX.length()));
        try {
            proxy = new TcpProxy(new InetSocketAddress(database.getHost(), database.getPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String throughProxy = database.getScheme() + "://127.0.0.1:" + proxy.port() + database.getRawPath()
                + (database.getRawQuery() == null ? "" : "?" + database.getRawQuery());
        return Map.of(JDBC_URL, JDBC_PREFIX + throughProxy);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpProxy.class));
    }

    @Override
    public void stop() {
        proxy.close();
    }
}
