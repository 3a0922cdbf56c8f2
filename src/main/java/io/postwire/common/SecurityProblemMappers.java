package io.postwire.common;

import static io.postwire.common.ProblemMappers.BEFORE_BUILT_IN;
import static io.postwire.common.ProblemMappers.withInstance;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;

/**
 * 401s as problem JSON with their Bearer challenge: quarkus-resteasy-problem 3.21.0's own
 * reactive security mappers fail on this Quarkus (NoSuchFieldError on 3.33's ChallengeData).
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper(priority = BEFORE_BUILT_IN)
    public Response missingToken(UnauthorizedException e, HttpServerRequest request) {
        return withInstance(UnauthorizedProblem.missingToken(), request).toResponse();
    }

    @ServerExceptionMapper(priority = BEFORE_BUILT_IN)
    public Response rejectedToken(AuthenticationFailedException e, HttpServerRequest request) {
        return withInstance(UnauthorizedProblem.invalidToken("The bearer token is invalid or has expired"), request)
                .toResponse();
    }
}
