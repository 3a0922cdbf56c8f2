package io.postwire.auth;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start without the JWT keys (in %prod they come only from the
 * environment), rather than starting and then failing every login and request.
 */
@ApplicationScoped
public class SigningKeysCheck {

    void onStart(@Observes StartupEvent event, Config config) {
        requireOneOf(config, "mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey");
        requireOneOf(config, "smallrye.jwt.sign.key.location", "smallrye.jwt.sign.key");
        // Loads the signing key now, so a wrong path or a malformed key fails the start too.
        Jwt.subject("startup-check").sign();
    }

    private static void requireOneOf(Config config, String location, String inline) {
        if (config.getOptionalValue(location, String.class).isEmpty()
                && config.getOptionalValue(inline, String.class).isEmpty()) {
            throw new IllegalStateException("JWT key not configured: set " + location + " (env "
                    + location.toUpperCase().replace('.', '_') + ") or " + inline);
        }
    }
}
