package io.postwire.ratelimit;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * Counts attempts refused with 429, by the limit that refused them (postwire_login_limited_total{limit}).
 * Every limit is registered at start, so a rate() of each exists from zero.
 */
@Startup
@Singleton
class LimitRefusals {

    enum Limit {
        /** Failed logins for one account from one client address. */
        ACCOUNT_AND_ADDRESS,
        /** Failed logins for one account, from any address. */
        ACCOUNT,
        /** Failed logins from one client address, for any accounts. */
        ADDRESS,
        /** Registrations from one client address. */
        REGISTRATION;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Limit, Counter> counters = new EnumMap<>(Limit.class);

    LimitRefusals(MeterRegistry registry) {
        for (Limit limit : Limit.values()) {
            counters.put(limit, Counter.builder("postwire.login.limited")
                    .description("Logins and registrations refused with 429, by the limit that refused them")
                    .tag("limit", limit.label())
                    .register(registry));
        }
    }

    void count(Limit limit) {
        counters.get(limit).increment();
    }
}
