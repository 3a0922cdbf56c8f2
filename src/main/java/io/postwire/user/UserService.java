package io.postwire.user;

import org.hibernate.exception.ConstraintViolationException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.postwire.auth.PasswordHasher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** Registration; started eagerly so that postwire_users_registered_total is exported from zero. */
@Startup
@ApplicationScoped
public class UserService {

    private final PasswordHasher passwordHasher;
    private final Counter registered;

    UserService(PasswordHasher passwordHasher, MeterRegistry registry) {
        this.passwordHasher = passwordHasher;
        this.registered = Counter.builder("postwire.users.registered")
                .description("Accounts registered")
                .register(registry);
    }

    /**
     * Registers a new account. The bcrypt hash is computed before the transaction
     * starts, so a slow hash never holds a pooled connection.
     *
     * @throws EmailAlreadyRegisteredException when the email is taken, also by a concurrent registration
     */
    public User register(String email, String password) {
        if (User.existsByEmail(email)) {
            throw new EmailAlreadyRegisteredException();
        }
        String passwordHash = passwordHasher.hash(password);
        try {
            User registeredUser = QuarkusTransaction.requiringNew().call(() -> {
                User user = new User(email, passwordHash);
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
}
