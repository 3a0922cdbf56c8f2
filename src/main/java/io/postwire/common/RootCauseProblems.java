package io.postwire.common;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jboss.resteasy.reactive.common.headers.MediaTypeHeaderDelegate;
import org.jboss.resteasy.reactive.common.util.URLUtils;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Some errors reach the problem mappers as a bare 400 or a 500, although their root
 * cause says what they are: bad input that only failed deep in the stack, a
 * database that is down or cannot be connected to, or one too busy to answer in time (a statement past
 * statement_timeout, or no pool connection free within the acquisition timeout),
 * or another service (Redis) that refuses connections or does not answer within its client's timeout.
 * This names them, before the problem is logged, and never
 * echoes the input (it may hold a password).
 */
@ApplicationScoped
public class RootCauseProblems implements ProblemPostProcessor {

    /** SQLSTATE class 22: the value cannot be stored, e.g. text with a NUL character. */
    private static final String DATA_EXCEPTION = "22";
    /** SQLSTATE class 08, and 57P01-57P03: no connection, or the server is shutting down or starting. */
    private static final String CONNECTION_EXCEPTION = "08";
    private static final String OPERATOR_INTERVENTION = "57P0";
    /** 57014: the statement ran past statement_timeout (or was cancelled). */
    private static final String QUERY_CANCELED = "57014";
    private static final String AGROAL_PACKAGE = "io.agroal.";
    /** The method of Agroal's connection factory that opens a connection through the driver. */
    private static final String CREATE_CONNECTION = "createConnection";
    private static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public int priority() {
        return 200; // ahead of the extension's logger (101), which then logs the corrected problem
    }

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        Throwable cause = context.cause;
        if (cause == null) {
            return problem;
        }
        if (problem.getStatusCode() == 400 && cause.getCause() instanceof JsonProcessingException) {
            return HttpProblem.builder(problem).withDetail("The request body is not valid JSON").build();
        }
        if (problem.getStatusCode() != 500) {
            return problem;
        }
        if (isIllegalArgumentFrom(URLUtils.class, cause)) {
            return replace(problem, 400, "Bad Request", "The form body is not valid URL encoding").build();
        }
        if (isIllegalArgumentFrom(MediaTypeHeaderDelegate.class, cause)) {
            return replace(problem, 400, "Bad Request", "A media type header (Content-Type or Accept) is malformed")
                    .build();
        }
        String sqlState = sqlState(cause).orElse("");
        if (sqlState.startsWith(DATA_EXCEPTION)) {
            return replace(problem, 422, "Unprocessable Entity",
                    "The request holds a value that cannot be stored, such as text with a NUL character").build();
        }
        if (sqlState.startsWith(CONNECTION_EXCEPTION) || sqlState.startsWith(OPERATOR_INTERVENTION)
                || isFailedConnectionAttempt(cause)) {
            return unavailable(problem, "The database is unavailable; try again shortly");
        }
        if (sqlState.equals(QUERY_CANCELED) || isPoolAcquisitionTimeout(cause)) {
            return unavailable(problem, "The database is too busy to answer; try again shortly");
        }
        if (isUnreachableService(cause)) {
            return unavailable(problem, "A service it depends on is unavailable; try again shortly");
        }
        return problem;
    }

    private static HttpProblem.Builder replace(HttpProblem problem, int status, String title, String detail) {
        return HttpProblem.builder(problem).withStatus(status).withTitle(title).withDetail(detail);
    }

    /** 503 with Retry-After: the request may well succeed when retried a little later. */
    private static HttpProblem unavailable(HttpProblem problem, String detail) {
        return replace(problem, 503, "Service Unavailable", detail)
                .withHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }

    /** Quarkus REST's parsers reject bad input with a bare IllegalArgumentException: known by who threw it. */
    private static boolean isIllegalArgumentFrom(Class<?> parser, Throwable cause) {
        StackTraceElement[] frames = cause.getStackTrace();
        return cause instanceof IllegalArgumentException && frames.length > 0
                && frames[0].getClassName().equals(parser.getName());
    }

    /**
     * Agroal found no free connection within quarkus.datasource.jdbc.acquisition-timeout: an SQLException
     * without SQLSTATE, thrown by the pool itself ("Sorry, acquisition timeout!", or "Acquisition timeout
     * while waiting for new connection").
     */
    private static boolean isPoolAcquisitionTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() == null && thrownByThePool(sql)
                    && String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pool could not open a connection, whatever the driver made of it. Agroal interrupts an attempt
     * that is still logging in when the request that wanted it stops waiting (the acquisition timeout):
     * pgjdbc reports that interrupted attempt as an unexplained failure (SQLSTATE 99999), and it reaches
     * another request waiting for a connection. A database (or PgBouncer) that accepts connections and
     * never answers a login does this to the requests that need a new connection.
     */
    private static boolean isFailedConnectionAttempt(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException && Arrays.stream(t.getStackTrace()).anyMatch(
                    frame -> frame.getClassName().startsWith(AGROAL_PACKAGE)
                            && frame.getMethodName().equals(CREATE_CONNECTION))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A client of another service could not connect to it, a blocking call to a reactive client (the
     * Redis client's, bounded by quarkus.redis.timeout) got no answer in time, or that client's pool had
     * more requests waiting for a connection than it queues (quarkus.redis.max-pool-waiting). The
     * database's own failures carry an SQLSTATE and are named above.
     */
    private static boolean isUnreachableService(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof TimeoutException
                    || t instanceof ConnectionPoolTooBusyException) {
                return true;
            }
        }
        return false;
    }

    private static boolean thrownByThePool(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith(AGROAL_PACKAGE);
    }

    /**
     * The SQLSTATE of the first SQL exception in the cause chain, or in what an exception of the chain
     * suppressed: a commit the database did not answer reaches us as the transaction manager's
     * RollbackException, with the driver's exception among its suppressed ones.
     */
    private static Optional<String> sqlState(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Optional<String> state = sqlState(suppressed);
                if (state.isPresent()) {
                    return state;
                }
            }
        }
        return Optional.empty();
    }
}
