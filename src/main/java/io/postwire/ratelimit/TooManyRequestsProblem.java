package io.postwire.ratelimit;

import java.time.Duration;
import java.time.Instant;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.HttpHeaders;

/** 429 with Retry-After in seconds: the attempt was refused before anything was checked. */
public class TooManyRequestsProblem extends HttpProblem {

    public static final int STATUS = 429;

    /** Refused until the full bucket's window ends. */
    TooManyRequestsProblem(String detail, Instant windowEnds) {
        super(builder()
                .withStatus(STATUS)
                .withTitle("Too Many Requests")
                .withDetail(detail)
                .withHeader(HttpHeaders.RETRY_AFTER, String.valueOf(secondsUntil(windowEnds))));
    }

    /** Whole seconds, rounded up and at least one, as Retry-After wants them. */
    private static long secondsUntil(Instant instant) {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
