package com.fortinet.autoscale.domain;

/**
 * Text that came from outside (a FortiGate's status message, a FortiAnalyzer device name, a field value of a
 * request) made safe for a log line: whoever wrote it cannot end the field it sits in or start a line that
 * looks like one of ours.
 *
 * <p>{@link #quoted} escapes the backslash and the double quote, and writes every character a log viewer
 * might treat as a line break or hide as <code>&#92;uXXXX</code>: C0 and C1 controls (so CR, LF, NEL), the Unicode
 * line and paragraph separators (U+2028, U+2029), format characters such as bidirectional overrides, and
 * lone surrogates. Everything else, any script included, stays readable.
 */
public final class LogText {
    /** Characters of outside text kept in one field; the rest is cut and marked with an ellipsis. */
    public static final int MAX_CHARS = 300;

    private LogText() {}

    /**
     * {@code "<text>"}, escaped as above and cut at {@link #MAX_CHARS} characters; {@code null} becomes
     * {@code null} (unquoted), so that an absent value and an empty one can be told apart.
     */
    public static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8).append('"');
        appendEscaped(out, text);
        return out.append('"').toString();
    }

    /** The escaped text without the quotes, for a value that sits inside a quoted field of its own. */
    public static String escaped(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8);
        appendEscaped(out, text);
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, String text) {
        int n = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                // a whole supplementary character (an emoji, a CJK extension) is readable text
                out.append(c).append(text.charAt(++i));
            } else if (unsafe(c)) {
                String hex = Integer.toHexString(c);
                out.append("\\u").append("0000", hex.length(), 4).append(hex);
            } else {
                out.append(c);
            }
        }
        if (text.length() > n) {
            out.append('…');
        }
    }

    private static boolean unsafe(char c) {
        switch (Character.getType(c)) {
            case Character.CONTROL:             // C0, DEL, C1: CR, LF, NEL, ESC of terminal sequences
            case Character.LINE_SEPARATOR:      // U+2028
            case Character.PARAGRAPH_SEPARATOR: // U+2029
            case Character.FORMAT:              // bidi overrides, zero-width characters: text that lies about itself
            case Character.SURROGATE:           // a lone half of a pair
            case Character.UNASSIGNED:
                return true;
            default:
                return false;
        }
    }
}
