package io.postwire.auth;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * SmallRye JWT's token verification, remembered per token until the token expires.
 * <p>
 * A client sends the same bearer token with every request for up to its whole lifespan, and
 * verifying it (RSA signature, JSON claims) cost more CPU than the query behind GET /posts/{id}
 * (bench/). A token is looked up by its exact text, so a hit is a token whose signature and
 * claims were verified, by the same verification settings, before; it leaves the cache when it
 * expires (never later: mp.jwt.verify.clock.skew only lengthens what the verifier itself accepts).
 * Refused tokens are never cached: each is verified, and counted, again. A validly signed token
 * whose subject is not one of our user ids is refused here too, so that no endpoint meets one.
 * Metrics, registered at start so that their rates exist from zero:
 * cache_gets_total{cache="verified-tokens",result="hit|miss"}, cache_size, cache_evictions_total.
 */
@Startup
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokenCache extends JWTCallerPrincipalFactory {

    private record Verified(JWTAuthContextInfo settings, JWTCallerPrincipal principal) {
    }

    private final JWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private final Cache<String, Verified> verified;

    VerifiedTokenCache(@ConfigProperty(name = "postwire.auth.verified-token-cache.max-size") long maxSize,
            MeterRegistry registry) {
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(Expiry.creating((String token, Verified entry) -> untilExpiry(entry.principal())))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, verified, "verified-tokens");
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
        Verified hit = verified.getIfPresent(token);
        if (hit != null && hit.settings() == settings) {
            return hit.principal();
        }
        JWTCallerPrincipal principal = verifier.parse(token, settings);
        if (!isUserId(principal.getSubject())) {
            throw new ParseException("The token's subject is not a user id", new SubjectNotAUserId());
        }
        if (!untilExpiry(principal).isZero()) {
            verified.put(token, new Verified(settings, principal));
        }
        return principal;
    }

    private static boolean isUserId(String subject) {
        try {
            Long.parseLong(subject);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Why a verified token was refused, for {@link TokenRejectionMetrics}. */
    static final class SubjectNotAUserId extends Exception {
        SubjectNotAUserId() {
            super("The token's subject is not a user id", null, false, false);
        }
    }

    private static Duration untilExpiry(JWTCallerPrincipal principal) {
        Duration left = Duration.between(Instant.now(), Instant.ofEpochSecond(principal.getExpirationTime()));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
