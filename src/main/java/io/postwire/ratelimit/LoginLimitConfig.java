package io.postwire.ratelimit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** The login limits (postwire.login-limit.*): failures counted per bucket over a fixed window. */
@ConfigMapping(prefix = "postwire.login-limit")
public interface LoginLimitConfig {

    /** Failed logins for one account from one client address within a window. */
    int perAccountAndAddress();

    /** Failed logins for one account, from any address, within a window. */
    int perAccount();

    /** Failed logins from one client address, for any accounts, within a window. */
    int perAddress();

    /** How long a failure counts; a bucket is never blocked longer than this from its first failure. */
    Duration window();

    /** Registrations (attempts that passed validation) from one client address within registration-window. */
    int registrationsPerAddress();

    Duration registrationWindow();

    /** How often expired counters (and refresh tokens) are deleted. */
    Duration sweepEvery();

    /** Where the counters live: postgresql (default) or redis (quarkus.redis.hosts). */
    Store store();

    /** Prefix of the limiter's keys in Redis. */
    String redisKeyPrefix();

    enum Store {
        POSTGRESQL,
        REDIS
    }
}
