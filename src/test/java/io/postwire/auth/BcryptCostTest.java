package io.postwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.postwire.user.PasswordConfig.BcryptCost;

/** postwire.password.bcrypt-cost: what bcrypt can use is read, anything else fails the start. */
class BcryptCostTest {

    @ParameterizedTest
    @ValueSource(strings = { "4", "10", " 12 ", "31" })
    void aCostFrom4To31IsRead(String value) {
        assertEquals(Integer.parseInt(value.trim()), new BcryptCost().convert(value));
    }

    @ParameterizedTest
    @ValueSource(strings = { "3", "32", "-1", "ten", "" })
    void anyOtherValueIsRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> new BcryptCost().convert(value));
    }
}
