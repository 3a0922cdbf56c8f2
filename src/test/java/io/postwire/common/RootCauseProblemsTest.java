package io.postwire.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.SQLException;

import javax.transaction.xa.XAException;

import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response.Status;

/**
 * A database outage cannot be staged in the shared test database, so the mapping is
 * checked on the exceptions Hibernate and the PostgreSQL driver raise for one.
 */
class RootCauseProblemsTest {

    private final RootCauseProblems rootCauseProblems = new RootCauseProblems();
    private final HttpProblem internalError = HttpProblem.valueOf(Status.INTERNAL_SERVER_ERROR);

    @Test
    void connectionRefusedIs503WithRetryAfter() {
        HttpProblem problem = apply(new JDBCConnectionException("could not connect",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001")));
        assertEquals(503, problem.getStatusCode());
        assertEquals("5", problem.getHeaders().get("Retry-After"));
    }

    @Test
    void serverShuttingDownIs503() {
        HttpProblem problem = apply(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertEquals(503, problem.getStatusCode());
    }

    @Test
    void aCommitTheDatabaseNeverAnsweredIs503() {
        // As Narayana reports it: the driver's socket timeout suppressed by the RollbackException.
        RollbackException commitFailed = new RollbackException("ARJUNA016053: Could not commit transaction.");
        commitFailed.addSuppressed(new XAException("Error trying to transactionCommit local transaction")
                .initCause(new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        HttpProblem problem = apply(new IllegalStateException(commitFailed));
        assertEquals(503, problem.getStatusCode());
        assertEquals("5", problem.getHeaders().get("Retry-After"));
    }

    @Test
    void otherDatabaseErrorsStay500() {
        assertSame(internalError, apply(new RuntimeException(new SQLException("deadlock detected", "40P01"))));
        assertSame(internalError, apply(new IllegalStateException("a bug")));
    }

    private HttpProblem apply(Throwable cause) {
        return rootCauseProblems.apply(internalError, ProblemContext.of(cause, "/posts"));
    }
}
