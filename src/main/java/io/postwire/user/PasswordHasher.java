package io.postwire.user;

import java.util.UUID;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;

/** bcrypt hashing through Elytron's {@link BcryptUtil}, at the configured cost. */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;
    private final String unknownAccountHash;

    PasswordHasher(PasswordConfig config) {
        this.cost = config.bcryptCost();
        this.unknownAccountHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
    }

    @WithSpan("password.hash")
    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    @WithSpan("password.verify")
    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(password, hash);
    }

    /**
     * A hash of the configured cost that no password matches: checking a login for
     * an unknown email against it takes as long as checking a real account.
     */
    public String unknownAccountHash() {
        return unknownAccountHash;
    }
}
