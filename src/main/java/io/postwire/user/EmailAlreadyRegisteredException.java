package io.postwire.user;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.Response.Status;

/** 409: an account with that email (compared case-insensitively) exists. */
public class EmailAlreadyRegisteredException extends HttpProblem {

    public EmailAlreadyRegisteredException() {
        super(builder()
                .withStatus(Status.CONFLICT)
                .withTitle(Status.CONFLICT.getReasonPhrase())
                .withDetail("An account with this email already exists"));
    }
}
