package io.postwire.common;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One counter per value of an enum, tagged with the value's lower-cased name, e.g.
 * postwire_tokens_rejected_total{reason="expired"}. All are registered at once, so a rate() of each
 * exists from zero and the tag's values are bounded by the enum.
 */
public final class EnumCounters<E extends Enum<E>> {

    private final Map<E, Counter> counters;

    public EnumCounters(MeterRegistry registry, String name, String description, String tag, Class<E> values) {
        counters = new EnumMap<>(values);
        for (E value : values.getEnumConstants()) {
            counters.put(value, Counter.builder(name)
                    .description(description)
                    .tag(tag, value.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    public void increment(E value) {
        counters.get(value).increment();
    }
}
