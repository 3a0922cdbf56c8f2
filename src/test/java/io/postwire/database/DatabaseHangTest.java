package io.postwire.database;

import static io.postwire.support.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.ManagementInterface;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * A database that stops answering without closing anything (its node lost, its processes stopped) costs each
 * request a bounded wait and a 503 with Retry-After, turns readiness DOWN while liveness stays UP, and once a
 * database answers at the same address again writes succeed without a restart, although the connections that
 * hung stay hung (as a failed-over primary's do).
 */
@QuarkusTest
@WithTestResource(DatabaseBehindProxy.class)
class DatabaseHangTest {

    /** The pool wait (2 s) and then pgjdbc's socket timeout (6 s): application.properties. */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(8);
    private static final Duration READINESS_BOUND = Duration.ofSeconds(10);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);
    private static final Duration PROBE_BOUND = Duration.ofSeconds(1);
    /** What the measured waits are allowed above their bound: thread scheduling on a busy machine. */
    private static final Duration SLACK = Duration.ofMillis(500);

    TcpProxy database;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Flyway flyway;

    @Test
    void everyConnectionCarriesTheSocketTimeoutFlywaysIncluded() throws SQLException {
        assertEquals(6_000, networkTimeoutMillis(dataSource));
        assertEquals(6_000, networkTimeoutMillis(flyway.getConfiguration().getDataSource()));
    }

    @Test
    void aHungDatabaseCostsBoundedWaitsAnd503sThenWritesSucceedOnceItAnswersAgain() throws Exception {
        Account owner = Accounts.register();
        long id = create(owner).then().statusCode(201).extract().jsonPath().getLong("id");
        fillThePool();

        database.hang();
        long hungAt = System.nanoTime();
        CompletableFuture<Timed> read = timed(() -> owner.request().get("/posts/{id}", id));
        CompletableFuture<Timed> write = timed(() -> create(owner));
        while (ManagementInterface.given().get("/q/health/ready").statusCode() != 503) {
            assertWithin(READINESS_BOUND, since(hungAt));
            assertLive();
            Thread.sleep(250);
        }
        assertWithin(READINESS_BOUND, since(hungAt));
        assertLive();
        for (Timed request : new Timed[] { read.get(30, TimeUnit.SECONDS), write.get(30, TimeUnit.SECONDS) }) {
            assertProblem(request.response().then(), 503).header("Retry-After", equalTo("5"));
            assertWithin(REQUEST_BOUND, request.took());
        }

        database.resume();
        long answersAt = System.nanoTime();
        while (create(owner).statusCode() != 201) {
            assertWithin(RECOVERY_BOUND, since(answersAt));
        }
        assertWithin(RECOVERY_BOUND, since(answersAt));
        ManagementInterface.given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void requestsThatMustOpenAConnectionToAHungDatabaseGet503sWithinTheBound() throws Exception {
        Account owner = Accounts.register();
        long id = create(owner).then().statusCode(201).extract().jsonPath().getLong("id");

        database.hang();
        try {
            // Once the pool has dropped the hung connections, every request must open a new one: the kernel
            // of a stopped server (or PgBouncer) accepts it, and its login is never answered.
            while (dataSource.getMetrics().activeCount() + dataSource.getMetrics().availableCount() > 0) {
                ManagementInterface.given().get("/q/health/ready");
                Thread.sleep(250);
            }
            List<CompletableFuture<Timed>> requests = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                requests.add(timed(() -> owner.request().get("/posts/{id}", id)));
                requests.add(timed(() -> create(owner)));
            }
            for (CompletableFuture<Timed> request : requests) {
                Timed answered = request.get(30, TimeUnit.SECONDS);
                assertProblem(answered.response().then(), 503).header("Retry-After", equalTo("5"));
                assertWithin(REQUEST_BOUND, answered.took());
            }
        } finally {
            database.resume();
        }
        long answersAt = System.nanoTime();
        while (create(owner).statusCode() != 201) {
            assertWithin(RECOVERY_BOUND, since(answersAt));
        }
    }

    /** A pool in use holds idle connections: when the database hangs, they hang too, unused. */
    private void fillThePool() throws SQLException {
        List<Connection> open = new ArrayList<>();
        try {
            while (open.size() < dataSource.getConfiguration().connectionPoolConfiguration().maxSize()) {
                open.add(dataSource.getConnection());
            }
        } finally {
            for (Connection connection : open) {
                connection.close();
            }
        }
    }

    private record Timed(Response response, Duration took) {
    }

    private static CompletableFuture<Timed> timed(Supplier<Response> request) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            Response response = request.get();
            return new Timed(response, since(start));
        });
    }

    private static Response create(Account owner) {
        return owner.request().contentType(ContentType.JSON).body(Map.of("title", "hang", "content", "text"))
                .post("/posts");
    }

    private static void assertLive() {
        long start = System.nanoTime();
        ManagementInterface.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        assertWithin(PROBE_BOUND, since(start));
    }

    private static void assertWithin(Duration bound, Duration took) {
        assertTrue(took.compareTo(bound.plus(SLACK)) <= 0, "took " + took + ", bound " + bound);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static int networkTimeoutMillis(DataSource source) throws SQLException {
        try (Connection connection = source.getConnection()) {
            return connection.getNetworkTimeout();
        }
    }
}
