package io.postwire.user;

import org.eclipse.microprofile.config.spi.Converter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;

@ConfigMapping(prefix = "postwire.password")
public interface PasswordConfig {

    /** bcrypt cost (log2 of the rounds) for new hashes, 4 to 31. */
    @WithConverter(BcryptCost.class)
    int bcryptCost();

    /**
     * Reads a bcrypt cost, refusing (and so failing the start with) one bcrypt cannot use.
     * A converter rather than Bean Validation constraints on the mapping: validating config
     * mappings builds a validator factory at every start, about 0.2 s of it (bench/).
     */
    final class BcryptCost implements Converter<Integer> {

        static final int MIN = 4;
        static final int MAX = 31;

        @Override
        public Integer convert(String value) {
            int cost = Integer.parseInt(value.trim());
            if (cost < MIN || cost > MAX) {
                throw new IllegalArgumentException("a bcrypt cost is from " + MIN + " to " + MAX + ", not " + cost);
            }
            return cost;
        }
    }
}
