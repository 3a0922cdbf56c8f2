package io.postwire.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.postwire.common.IdentityEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A refresh token, kept only as the SHA-256 of its text, with its user, family and expiry. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken extends IdentityEntity {

    @Column(name = "token_hash", nullable = false, updatable = false)
    public byte[] tokenHash;

    @Column(name = "user_id", nullable = false, updatable = false)
    public Long userId;

    /** One login's chain of rotations. */
    @Column(name = "family_id", nullable = false, updatable = false)
    public UUID familyId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    public Instant expiresAt;

    /** When it was traded for its successor: presenting it again is a reuse. */
    @Column(name = "rotated_at")
    public Instant rotatedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    static Optional<RefreshToken> findByHash(byte[] tokenHash) {
        return find("tokenHash", tokenHash).firstResultOptional();
    }

    /** Marks it rotated unless another request did first (then it is a reuse): true when this one did. */
    static boolean markRotated(long id, Instant now) {
        return update("rotatedAt = ?1 where id = ?2 and rotatedAt is null and revokedAt is null", now, id) == 1;
    }

    static int revokeFamily(UUID familyId, Instant now) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
    }

    static int revokeAllOf(long userId, Instant now) {
        return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now, userId);
    }

    static long deleteExpired(Instant now) {
        return delete("expiresAt <= ?1", now);
    }
}
