package io.postwire.database;

import static io.postwire.support.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * A database that is slow to answer, or a pool with no connection free, costs a request a
 * bounded wait and a 503 with Retry-After: never a hang, never a 500.
 * (%test sets statement_timeout to 2 s; the pool waits 2 s for a connection.)
 */
@QuarkusTest
class DatabaseLimitsTest {

    /** Well above either bound, well below "for ever". */
    private static final long GIVE_UP_SECONDS = 20;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aStatementStuckBehindALockIsCancelledWith503AndChangesNothing() throws Exception {
        Account owner = Accounts.register();
        long id = owner.request().contentType(ContentType.JSON).body(Map.of("title", "locked", "content", "text"))
                .post("/posts").then().statusCode(201).extract().jsonPath().getLong("id");
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (PreparedStatement lock = locker.prepareStatement("select id from posts where id = ? for update")) {
                lock.setLong(1, id);
                lock.executeQuery();
            }
            Response response = CompletableFuture.supplyAsync(() -> owner.request().contentType(ContentType.JSON)
                    .body(Map.of("title", "changed", "content", "changed")).put("/posts/{id}", id))
                    .get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
            locker.rollback();
            assertProblem(response.then(), 503).header("Retry-After", notNullValue());
        }
        owner.request().get("/posts/{id}", id).then().statusCode(200).body("title", equalTo("locked"));
    }

    @Test
    void aRequestThatFindsNoFreePoolConnectionGets503WithRetryAfter() throws Exception {
        Account account = Accounts.register();
        List<Connection> held = new ArrayList<>();
        try {
            while (held.size() < dataSource.getConfiguration().connectionPoolConfiguration().maxSize()) {
                held.add(dataSource.getConnection());
            }
            Response response = CompletableFuture.supplyAsync(() -> account.request().get("/posts"))
                    .get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
            assertProblem(response.then(), 503).header("Retry-After", notNullValue())
                    .time(lessThan(TimeUnit.SECONDS.toMillis(GIVE_UP_SECONDS)));
        } finally {
            for (Connection connection : held) {
                close(connection);
            }
        }
        account.request().get("/posts").then().statusCode(200);
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
