package io.postwire.ratelimit;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.HttpHeaders;

/** 429 with Retry-After in seconds: the attempt was refused before anything was checked. */
public class TooManyRequestsProblem extends HttpProblem {

    public static final int STATUS = 429;

    TooManyRequestsProblem(String detail, long retryAfterSeconds) {
        super(builder()
                .withStatus(STATUS)
                .withTitle("Too Many Requests")
                .withDetail(detail)
                .withHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds)));
    }
}
