package io.postwire.auth;

import java.util.Optional;

import io.postwire.common.UnauthorizedProblem;
import io.postwire.user.PasswordHasher;
import io.postwire.ratelimit.AttemptLimiter;
import io.postwire.ratelimit.AttemptLimiter.LoginAttempt;
import io.postwire.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Checks credentials within the login limits and issues the token pair. */
@ApplicationScoped
public class LoginService {

    @Inject
    PasswordHasher passwordHasher;
    @Inject
    AttemptLimiter limiter;
    @Inject
    TokenIssuer tokenIssuer;

    /**
     * @throws io.postwire.ratelimit.TooManyRequestsProblem past a login limit, before any check
     * @throws UnauthorizedProblem for an unknown email or a wrong password alike
     */
    public TokenResponse login(String email, String password, String clientAddress) {
        LoginAttempt attempt = limiter.beginLogin(User.normaliseEmail(email), clientAddress);
        Optional<User> user = User.findByEmail(email);
        if (!passwordMatches(user, password)) {
            limiter.failed(attempt);
            throw UnauthorizedProblem.invalidCredentials();
        }
        limiter.succeeded(attempt);
        return tokenIssuer.issue(user.get());
    }

    /** An unknown email still pays for a bcrypt check, so timing does not tell which emails exist. */
    private boolean passwordMatches(Optional<User> user, String password) {
        String hash = user.map(u -> u.passwordHash).orElseGet(passwordHasher::unknownAccountHash);
        return passwordHasher.matches(password, hash) && user.isPresent();
    }
}
