package io.postwire.post;

import java.io.Serializable;
import java.time.Duration;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * An Idempotency-Key of POST /posts, scoped to its user, with the response of its request once that
 * completes, kept until it expires (IdempotentPostCreation says in which transactions). All of it
 * lives in PostgreSQL, so any replica answers the retry.
 */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyKey extends PanacheEntityBase {

    /** Hibernate takes a record as the embedded id: equality by its components. */
    @Embeddable
    public record Id(@Column(name = "user_id") long userId, @Column(name = "idempotency_key") String key)
            implements Serializable {
    }

    @EmbeddedId
    public Id id;

    @Column(name = "request_hash", nullable = false, length = 64, columnDefinition = "bpchar(64)")
    public String requestHash;

    @Column(name = "response_status")
    public Short responseStatus;

    @Column(name = "response_location")
    public String responseLocation;

    @Column(name = "response_body", columnDefinition = "text")
    public String responseBody;

    /** What a request finds when it presents its key. */
    public sealed interface Claim {
        /** The key is new (or expired, or abandoned): this transaction runs the request and completes it. */
        record Claimed() implements Claim {
        }

        /** Another request with this key is still running. */
        record InProgress() implements Claim {
        }

        /** The key was used with another request body. */
        record OtherRequest() implements Claim {
        }

        /** The key's request is done: its response, to replay. */
        record Completed(int status, String location, String body) implements Claim {
        }
    }

    /**
     * Claims the key for the calling transaction, or says why not. The transaction first takes a lock
     * on the key (PostgreSQL's advisory transaction lock, on a 64-bit hash of user and key): held by a
     * concurrent request with the key, it is InProgress at once; taken, it lasts until this transaction
     * ends, and so does the claim's row unless the transaction commits. An expired key is claimed
     * afresh; so is a row without a response claimed more than {@code abandonedAfter} ago (left by an
     * earlier version, which committed its claim before the request ran).
     */
    public static Claim claim(long userId, String key, String requestHash, Duration lifetime, Duration abandonedAfter) {
        boolean locked = (Boolean) getEntityManager().createNativeQuery(
                "select pg_try_advisory_xact_lock(hashtextextended(:user || '/' || :key, 0))")
                .setParameter("user", String.valueOf(userId))
                .setParameter("key", key)
                .getSingleResult();
        if (!locked) {
            return new Claim.InProgress();
        }
        int claimed = getEntityManager().createNativeQuery("""
                insert into idempotency_keys (user_id, idempotency_key, request_hash, claimed_at, expires_at)
                values (:user, :key, :hash, now(), now() + make_interval(secs => :lifetime))
                on conflict (user_id, idempotency_key) do update
                set request_hash = excluded.request_hash, claimed_at = excluded.claimed_at,
                    expires_at = excluded.expires_at,
                    response_status = null, response_location = null, response_body = null
                where idempotency_keys.expires_at < now()
                   or (idempotency_keys.response_status is null
                       and idempotency_keys.claimed_at < now() - make_interval(secs => :abandoned))""")
                .setParameter("user", userId)
                .setParameter("key", key)
                .setParameter("hash", requestHash)
                .setParameter("lifetime", (double) lifetime.toSeconds())
                .setParameter("abandoned", (double) abandonedAfter.toSeconds())
                .executeUpdate();
        if (claimed == 1) {
            return new Claim.Claimed();
        }
        IdempotencyKey existing = findById(new Id(userId, key));
        if (existing == null || existing.responseStatus == null) {
            return new Claim.InProgress();
        }
        if (!existing.requestHash.equals(requestHash)) {
            return new Claim.OtherRequest();
        }
        return new Claim.Completed(existing.responseStatus, existing.responseLocation, existing.responseBody);
    }

    /** Keeps the response with the key. */
    public static void complete(long userId, String key, int status, String location, String body) {
        update("responseStatus = ?1, responseLocation = ?2, responseBody = ?3 where id = ?4",
                (short) status, location, body, new Id(userId, key));
    }

    /** Deletes every expired key; returns how many. */
    public static long purgeExpired() {
        return getEntityManager().createNativeQuery("delete from idempotency_keys where expires_at < now()")
                .executeUpdate();
    }
}
