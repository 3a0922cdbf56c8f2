package io.postwire.user;

import org.hibernate.exception.ConstraintViolationException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.postwire.ratelimit.AttemptLimiter;
import io.postwire.ratelimit.AttemptLimiter.LoginAttempt;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response.Status;

/** Registration and profiles; started eagerly so that postwire_users_registered_total is exported from zero. */
@Startup
@ApplicationScoped
public class UserService {

    private final PasswordHasher passwordHasher;
    private final AttemptLimiter limiter;
    private final Event<PasswordChanged> passwordChanged;
    private final Counter registered;

    UserService(PasswordHasher passwordHasher, AttemptLimiter limiter, Event<PasswordChanged> passwordChanged,
            MeterRegistry registry) {
        this.passwordHasher = passwordHasher;
        this.limiter = limiter;
        this.passwordChanged = passwordChanged;
        this.registered = Counter.builder("postwire.users.registered")
                .description("Accounts registered")
                .register(registry);
    }

    /**
     * Registers a new account with the profile the request has (a validated request: its
     * constraints are the caller's to check). The bcrypt hash is computed before the transaction
     * starts, so a slow hash never holds a pooled connection.
     *
     * @throws EmailAlreadyRegisteredException when the email is taken, also by a concurrent registration
     * @throws io.postwire.ratelimit.TooManyRequestsProblem past the registrations allowed per client address
     */
    public User register(RegisterRequest request, String clientAddress) {
        limiter.countRegistration(clientAddress);
        if (User.existsByEmail(request.email())) {
            throw new EmailAlreadyRegisteredException();
        }
        String passwordHash = passwordHasher.hash(request.password());
        try {
            User registeredUser = QuarkusTransaction.requiringNew().call(() -> {
                User user = new User(request.email(), passwordHash, request.name(), request.age());
                user.persist();
                return user;
            });
            registered.increment();
            return registeredUser;
        } catch (ConstraintViolationException e) {
            if ("users_email_key".equals(e.getConstraintName())) {
                throw new EmailAlreadyRegisteredException();
            }
            throw e;
        }
    }

    /**
     * Applies a merge patch to the user's profile. The row is locked while it changes, so that two
     * patches of different members at once both take effect (an update writes every column).
     *
     * @throws NotFoundException when the user no longer exists
     */
    public User changeProfile(long userId, ProfilePatch patch) {
        return QuarkusTransaction.requiringNew().call(() -> {
            User user = User.<User> findByIdOptional(userId, LockModeType.PESSIMISTIC_WRITE)
                    .orElseThrow(() -> notFound(userId));
            patch.applyTo(user);
            return user;
        });
    }

    /**
     * Replaces the password when the current one is given, within the login limits (a stolen
     * access token must not become a way to guess it); every refresh token of the user is
     * revoked in the same transaction (PasswordChanged). Access tokens already issued live on
     * until their short expiry: they are stateless.
     *
     * @throws HttpProblem 403 when the current password is wrong
     */
    public void changePassword(long userId, String currentPassword, String newPassword, String clientAddress) {
        User user = User.<User> findByIdOptional(userId).orElseThrow(() -> notFound(userId));
        LoginAttempt attempt = limiter.beginLogin(user.email, clientAddress);
        if (!passwordHasher.matches(currentPassword, user.passwordHash)) {
            limiter.failed(attempt);
            throw HttpProblem.builder()
                    .withStatus(Status.FORBIDDEN)
                    .withTitle(Status.FORBIDDEN.getReasonPhrase())
                    .withDetail("The current password is incorrect")
                    .build();
        }
        limiter.succeeded(attempt);
        String newHash = passwordHasher.hash(newPassword);
        QuarkusTransaction.requiringNew().run(() -> {
            User.update("passwordHash = ?1 where id = ?2", newHash, userId);
            passwordChanged.fire(new PasswordChanged(userId));
        });
    }

    static NotFoundException notFound(long userId) {
        return new NotFoundException("No user with id " + userId);
    }
}
