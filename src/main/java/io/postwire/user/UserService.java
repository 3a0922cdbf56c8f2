package io.postwire.user;

import org.hibernate.exception.ConstraintViolationException;

import io.postwire.auth.PasswordHasher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class UserService {

    private final PasswordHasher passwordHasher;

    UserService(PasswordHasher passwordHasher) {
        this.passwordHasher = passwordHasher;
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
            return QuarkusTransaction.requiringNew().call(() -> {
                User user = new User(email, passwordHash);
                user.persist();
                return user;
            });
        } catch (ConstraintViolationException e) {
            if ("users_email_key".equals(e.getConstraintName())) {
                throw new EmailAlreadyRegisteredException();
            }
            throw e;
        }
    }
}
