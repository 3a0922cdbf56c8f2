package io.postwire.auth;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.postwire.common.Roles;
import io.postwire.common.UnauthorizedProblem;
import io.postwire.user.User;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Issues the token pair: a stateless RS256 access token (kid of the signing key) and a refresh token. */
@ApplicationScoped
public class TokenIssuer {

    @Inject
    JwtKeys keys;
    @Inject
    RefreshTokens refreshTokens;
    @ConfigProperty(name = "smallrye.jwt.new-token.lifespan")
    long accessLifespanSeconds;

    /** After a login: a new refresh-token family. */
    @WithSpan("token.issue")
    public TokenResponse issue(User user) {
        return pair(user, refreshTokens.issue(user.id));
    }

    /** Trades a refresh token for a new pair, @throws UnauthorizedProblem when it is not (or no longer) good. */
    public TokenResponse refresh(String refreshToken) {
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken);
        User user = User.<User> findByIdOptional(rotated.userId())
                .orElseThrow(() -> UnauthorizedProblem.invalidToken("The refresh token's account no longer exists"));
        return pair(user, rotated.successor());
    }

    private TokenResponse pair(User user, RefreshTokens.Issued refresh) {
        String accessToken = Jwt.subject(user.id.toString())
                .upn(user.email)
                .groups(Roles.USER)
                .jws().keyId(keys.signingKeyId())
                .sign();
        return new TokenResponse(accessToken, "bearer", accessLifespanSeconds, refresh.token(), refresh.expiresIn());
    }
}
