package io.postwire.common;

/** RFC 9457's media type, the one body every error of the service has. */
public final class ProblemJson {

    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemJson() {
    }
}
