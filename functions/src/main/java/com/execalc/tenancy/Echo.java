package com.execalc.tenancy;

/** Quotes a rejected client value for an error message: short, printable, never the whole of a hostile input. */
final class Echo {

    private static final int MAX_ECHO = 40;

    private Echo() {
    }

    static String describe(String rejected) {
        if (rejected == null) {
            return "(missing)";
        }
        if (rejected.isEmpty()) {
            return "(empty)";
        }
        StringBuilder printable = new StringBuilder();
        rejected.codePoints().limit(MAX_ECHO).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                printable.appendCodePoint(cp);
            } else {
                printable.append(String.format("\\u%04x", cp));
            }
        });
        return "'" + printable + (rejected.length() > MAX_ECHO ? "...'" : "'");
    }
}
