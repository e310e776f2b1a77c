package com.fortinet.autoscale.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Outside text in a log line cannot end its field or start a line. */
class LogTextTest {
    @Test
    void plainTextIsQuotedAsIs() {
        assertEquals("\"FGVM04 ready, état: ok 日本 \uD83D\uDE00\"", LogText.quoted("FGVM04 ready, état: ok 日本 \uD83D\uDE00"));
    }

    @Test
    void aQuoteAndABackslashAreEscapedSoTheFieldEndsWhereWeEndIt() {
        assertEquals("\"a\\\" b=\\\"c\\\\\"", LogText.quoted("a\" b=\"c\\"));
    }

    @Test
    void everyLineBreakAViewerMightHonourIsWrittenAsAnEscape() {
        String quoted = LogText.quoted("a\rb\nc\u000bd\u000ce\u0085f\u2028g\u2029h\u001b[31mi");

        assertEquals("\"a\\u000db\\u000ac\\u000bd\\u000ce\\u0085f\\u2028g\\u2029h\\u001b[31mi\"", quoted);
        assertFalse(quoted.chars().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || c == 0x2028 || c == 0x2029), quoted);
    }

    @Test
    void formatCharactersAndLoneSurrogatesAreEscaped() {
        // a right-to-left override makes a viewer show text backwards; a lone surrogate breaks UTF-8 encoders
        assertEquals("\"x\\u202ey\\ud800z\\u200b\"", LogText.quoted("x\u202Ey\uD800z\u200B"));
    }

    @Test
    void longTextIsCutAndMarked() {
        String quoted = LogText.quoted("x".repeat(1000));

        assertEquals(LogText.MAX_CHARS + 3, quoted.length());
        assertTrue(quoted.endsWith("x…\""), quoted);
    }

    @Test
    void nullIsTheBareWordNullAndEscapedHasNoQuotes() {
        assertEquals("null", LogText.quoted(null));
        assertEquals("a\\\"b", LogText.escaped("a\"b"));
        assertEquals("", LogText.escaped(null));
    }
}
