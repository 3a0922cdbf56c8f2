package io.postwire.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The OpenAPI document's pattern for a display name says what the constraint accepts, character by character. */
class DisplayNameTest {

    private static final Pattern DOCUMENTED = Pattern.compile(DisplayName.ECMA_REGEXP);
    private static final Pattern ENFORCED = Pattern.compile(DisplayName.JAVA_REGEXP);

    @Test
    void theDocumentedPatternAcceptsExactlyTheNamesTheConstraintAcceptsForEveryCharacterOfTheBasicPlane() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (Character.isSurrogate(c)) {
                continue;
            }
            for (String name : new String[] { String.valueOf(c), "Ada" + c, c + " " + c }) {
                assertEquals(ENFORCED.matcher(name).matches(), DOCUMENTED.matcher(name).matches(),
                        () -> String.format("U+%04X in \"%s\"", (int) name.charAt(name.length() - 1), name));
            }
        }
    }
}
