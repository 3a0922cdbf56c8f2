package io.postwire.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The preferences of a {@code Prefer} request header (RFC 7240), as {@code name} or {@code name=value}. */
public final class Preferences {

    private Preferences() {
    }

    /** Each preference lower-cased, without its parameters (after ';') or quotes; none for an absent header. */
    public static Set<String> parse(String header) {
        if (header == null) {
            return Set.of();
        }
        return Arrays.stream(header.split(","))
                .map(preference -> preference.split(";", 2)[0].replace("\"", "").replaceAll("\\s+", ""))
                .filter(preference -> !preference.isEmpty())
                .map(preference -> preference.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
