package io.postwire.auth;

import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import io.micrometer.core.instrument.MeterRegistry;
import io.postwire.common.EnumCounters;
import io.quarkus.runtime.Startup;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Counts bearer tokens the service refuses, by reason (postwire_tokens_rejected_total{reason}):
 * the reason SmallRye JWT's verifier (jose4j) gives, or that a verified token names no user.
 */
@Startup
@Singleton
public class TokenRejectionMetrics {

    public enum Reason {
        /** Past its expiry. */
        EXPIRED,
        /** Not signed by a trusted key (its kid names none), or not signed at all ("alg": "none"). */
        INVALID_SIGNATURE,
        /** Signed by the trusted key for another issuer. */
        INVALID_ISSUER,
        /** Some other claim fails verification (not yet valid, missing claims...). */
        INVALID_CLAIMS,
        /** Not a JWT at all. */
        MALFORMED,
        /** Verified, but its subject is not a user id. */
        UNKNOWN_SUBJECT
    }

    private final EnumCounters<Reason> counters;

    TokenRejectionMetrics(MeterRegistry registry) {
        counters = new EnumCounters<>(registry, "postwire.tokens.rejected", "Bearer tokens refused, by reason", "reason",
                Reason.class);
    }

    void count(Reason reason) {
        counters.increment(reason);
    }

    void onAuthenticationFailure(@Observes AuthenticationFailureEvent event) {
        count(reasonFor(event.getAuthenticationFailure()));
    }

    /** jose4j says why in the cause of SmallRye's failure: the algorithm it refused, a parse failure, or error codes. */
    static Reason reasonFor(Throwable failure) {
        InvalidJwtException invalid = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof VerifiedTokenCache.SubjectNotAUserId) {
                return Reason.UNKNOWN_SUBJECT;
            }
            if (t instanceof InvalidAlgorithmException || t instanceof UnresolvableKeyException) {
                // "alg": "none", or no trusted key for the token's kid and algorithm
                return Reason.INVALID_SIGNATURE;
            }
            if (t instanceof JoseException) {
                return Reason.MALFORMED; // not a compact JWS, or not JSON inside
            }
            if (invalid == null && t instanceof InvalidJwtException jwt) {
                invalid = jwt;
            }
        }
        if (invalid == null) {
            return Reason.MALFORMED;
        }
        if (invalid.hasExpired()) {
            return Reason.EXPIRED;
        }
        if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return Reason.INVALID_SIGNATURE;
        }
        if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return Reason.INVALID_ISSUER;
        }
        return invalid.hasErrorCode(ErrorCodes.JSON_INVALID) ? Reason.MALFORMED : Reason.INVALID_CLAIMS;
    }
}
