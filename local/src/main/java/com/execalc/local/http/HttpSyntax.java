package com.execalc.local.http;

/** The character classes of RFC 9110 the shell checks requests and answers against. */
final class HttpSyntax {

    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpSyntax() {
    }

    /** A token (RFC 9110 5.6.2): a method or a header name. */
    static boolean isToken(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TCHAR_SYMBOLS.indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /** A field value (RFC 9110 5.5): visible characters, spaces, tabs and obs-text, nothing else. */
    static boolean isFieldValue(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }
}
