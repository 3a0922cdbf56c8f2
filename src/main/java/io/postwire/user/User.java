package io.postwire.user;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.postwire.common.IdentityEntity;
import io.postwire.common.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

/**
 * A registered account with its profile. The email is stored normalised; the password only as a
 * bcrypt hash.
 */
@Entity
@Table(name = "users")
public class User extends IdentityEntity {

    @Column(nullable = false, unique = true, length = 254)
    public String email;

    @Column(name = "password_hash", nullable = false, length = 60)
    public String passwordHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** A display name, shown wherever the user is shown; optional. */
    @Column(length = 100)
    public String name;

    /** In years; shown to the user alone. Optional. A SMALLINT column (0 to 150 fit), read as an int. */
    @JdbcTypeCode(SqlTypes.SMALLINT)
    public Integer age;

    public User() {
    }

    public User(String email, String passwordHash, String name, Integer age) {
        this.email = normaliseEmail(email);
        this.passwordHash = passwordHash;
        this.name = name;
        this.age = age;
    }

    @PrePersist
    void onCreate() {
        createdAt = Timestamps.now();
    }

    /** Emails are unique case-insensitively: they are stored trimmed and lower-cased. */
    public static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    public static Optional<User> findByEmail(String email) {
        return find("email", normaliseEmail(email)).firstResultOptional();
    }

    public static boolean existsByEmail(String email) {
        return count("email", normaliseEmail(email)) > 0;
    }
}
