package io.postwire.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.postwire.common.EnumCounters;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/** Counts attempts refused with 429, by the limit that refused them (postwire_limited_total{limit}). */
@Startup
@Singleton
class LimitRefusalMetrics {

    enum Limit {
        /** Failed logins for one account from one client address. */
        ACCOUNT_AND_ADDRESS,
        /** Failed logins for one account, from any address. */
        ACCOUNT,
        /** Failed logins from one client address, for any accounts. */
        ADDRESS,
        /** Registrations from one client address. */
        REGISTRATION,
        /** Reads without a token from one client address. */
        ANONYMOUS_READ
    }

    private final EnumCounters<Limit> counters;

    LimitRefusalMetrics(MeterRegistry registry) {
        counters = new EnumCounters<>(registry, "postwire.limited",
                "Logins, registrations and anonymous reads refused with 429, by the limit that refused them", "limit", Limit.class);
    }

    void count(Limit limit) {
        counters.increment(limit);
    }
}
