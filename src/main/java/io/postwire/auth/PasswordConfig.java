package io.postwire.auth;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@ConfigMapping(prefix = "postwire.password")
public interface PasswordConfig {

    /** bcrypt cost (log2 of the rounds) for new hashes. */
    @Min(4)
    @Max(31)
    int bcryptCost();
}
