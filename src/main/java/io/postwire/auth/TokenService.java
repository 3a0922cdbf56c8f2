package io.postwire.auth;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.postwire.user.User;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks credentials and issues the RS256 access token (issuer and lifespan from config). */
@ApplicationScoped
public class TokenService {

    private final PasswordHasher passwordHasher;
    private final long lifespanSeconds;

    TokenService(PasswordHasher passwordHasher,
            @ConfigProperty(name = "smallrye.jwt.new-token.lifespan") long lifespanSeconds) {
        this.passwordHasher = passwordHasher;
        this.lifespanSeconds = lifespanSeconds;
    }

    /** @throws UnauthorizedProblem for an unknown email or a wrong password alike */
    public TokenResponse login(String email, String password) {
        Optional<User> user = User.findByEmail(email);
        // An unknown email still pays for a bcrypt check, so timing does not tell which emails exist.
        String hash = user.map(u -> u.passwordHash).orElseGet(passwordHasher::unknownAccountHash);
        if (!passwordHasher.matches(password, hash) || user.isEmpty()) {
            throw UnauthorizedProblem.invalidCredentials();
        }
        return TokenResponse.bearer(issueFor(user.get()), lifespanSeconds);
    }

    // Not private, so that the span's interceptor applies to this call from login().
    @WithSpan("token.issue")
    String issueFor(User user) {
        return Jwt.subject(user.id.toString())
                .upn(user.email)
                .groups(Roles.USER)
                .sign();
    }
}
