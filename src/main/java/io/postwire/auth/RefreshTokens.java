package io.postwire.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.postwire.common.UnauthorizedProblem;
import io.postwire.common.Sha256;
import io.postwire.common.Timestamps;
import io.postwire.user.PasswordChanged;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * Refresh tokens: 256 random bits, stored only as their SHA-256 (a hash of that much randomness
 * cannot be reversed, so no slow hash is needed), each in a family that one login starts. Every
 * refresh rotates the token; presenting a rotated token again revokes its whole family (RFC 9700,
 * 4.14.2), since either the client or a thief holds a copy.
 */
@ApplicationScoped
public class RefreshTokens {

    private static final int TOKEN_BYTES = 32;

    /** A refresh token as handed out, with its lifetime in seconds. */
    public record Issued(String token, long expiresIn) {
        @Override
        public String toString() {
            return "Issued[token=***, expires_in=" + expiresIn + "]";
        }
    }

    /** The user a rotated token belonged to and the token that replaces it. */
    public record Rotated(long userId, Issued successor) {
    }

    private final SecureRandom random = new SecureRandom();
    @ConfigProperty(name = "postwire.refresh-token.lifespan")
    Duration lifespan;

    /** The first token of a new family (a login). */
    @Transactional
    public Issued issue(long userId) {
        return issue(userId, UUID.randomUUID(), Timestamps.now());
    }

    /**
     * Trades a token for its successor in the same family.
     *
     * @throws UnauthorizedProblem for an unknown, expired, revoked or already rotated token (the last
     *         also revokes the family, and that revocation is committed)
     */
    @Transactional(dontRollbackOn = UnauthorizedProblem.class)
    public Rotated rotate(String token) {
        Instant now = Timestamps.now();
        RefreshToken presented = RefreshToken.findByHash(hash(token)).orElseThrow(RefreshTokens::refused);
        if (presented.revokedAt != null || !presented.expiresAt.isAfter(now)) {
            throw refused();
        }
        if (!RefreshToken.markRotated(presented.id, now)) {
            RefreshToken.revokeFamily(presented.familyId, now);
            throw refused();
        }
        return new Rotated(presented.userId, issue(presented.userId, presented.familyId, now));
    }

    /** Logout: ends the token's family (the session); an unknown token changes nothing. */
    @Transactional
    public void revoke(String token) {
        RefreshToken.findByHash(hash(token))
                .ifPresent(presented -> RefreshToken.revokeFamily(presented.familyId, Timestamps.now()));
    }

    /** Within the password change's transaction: every session of the user ends with it. */
    void onPasswordChanged(@Observes PasswordChanged event) {
        RefreshToken.revokeAllOf(event.userId(), Timestamps.now());
    }

    @Scheduled(every = "${postwire.refresh-token.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void sweepExpired() {
        RefreshToken.deleteExpired(Timestamps.now());
    }

    private Issued issue(long userId, UUID familyId, Instant now) {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        RefreshToken stored = new RefreshToken();
        stored.tokenHash = hash(token);
        stored.userId = userId;
        stored.familyId = familyId;
        stored.createdAt = now;
        stored.expiresAt = now.plus(lifespan);
        stored.persist();
        return new Issued(token, lifespan.toSeconds());
    }

    private static UnauthorizedProblem refused() {
        return UnauthorizedProblem.invalidToken("The refresh token is invalid, expired or revoked");
    }

    private static byte[] hash(String token) {
        return Sha256.of(token);
    }
}
