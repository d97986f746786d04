package com.execalc.local;

/**
 * Matches an execute-api resource pattern against an ARN the way API Gateway evaluates authorizer policies: {@code *}
 * matches any run of characters (including none), {@code ?} exactly one, everything else literally.
 */
final class ArnPattern {

    private ArnPattern() {
    }

    static boolean matches(String pattern, String arn) {
        int p = 0;
        int a = 0;
        int starP = -1;
        int starA = 0;
        while (a < arn.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starA = a;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == arn.charAt(a))) {
                p++;
                a++;
            } else if (starP >= 0) {
                p = starP + 1;
                a = ++starA;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
