package io.postwire.ratelimit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Min;

/**
 * postwire.limits.*: the limits on failed logins, on registrations and on anonymous reads (each counted
 * per bucket over a fixed window), and the store their counters live in.
 */
@ConfigMapping(prefix = "postwire.limits")
public interface LimitsConfig {

    /** Where the counters live: postgresql (default) or redis (quarkus.redis.hosts). */
    Store store();

    /** Prefix of the counters' keys in Redis. */
    String redisKeyPrefix();

    /** How often counters whose window is over are deleted from PostgreSQL. */
    Duration sweepEvery();

    Login login();

    Registration registration();

    AnonymousRead anonymousRead();

    enum Store {
        POSTGRESQL,
        REDIS
    }

    /** postwire.limits.login.*: failed logins. */
    interface Login {

        /** Failed logins for one account from one client address within a window. */
        int perAccountAndAddress();

        /** Failed logins for one account, from any address, within a window. */
        int perAccount();

        /** Failed logins from one client address, for any accounts, within a window. */
        int perAddress();

        /** How long a failure counts; a bucket is never blocked longer than this from its first failure. */
        Duration window();
    }

    /** postwire.limits.registration.*: registrations (attempts that passed validation). */
    interface Registration {

        /** Registrations from one client address within a window. */
        int perAddress();

        Duration window();
    }

    /**
     * postwire.limits.anonymous-read.*: reads without a token that reach the service (a shared cache in
     * front answers the others), per client address. Off by default; on, it needs the redis store, since a
     * counter write per read would cost PostgreSQL more than the read it guards.
     */
    interface AnonymousRead {

        boolean enabled();

        /** Anonymous reads from one client address within a window. */
        int perAddress();

        Duration window();

        /**
         * Reads of one address a replica takes from Redis at once and serves from memory: fewer round
         * trips, at the price of an address spread over replicas being refused up to this many minus one
         * reads per replica early. 1 counts every read in Redis.
         */
        @Min(1)
        int readsPerRoundTrip();
    }
}
