package com.execalc.audit;

/** CloudWatch Logs accepts only some retention periods; an audit log group keeps at least the policy's days. */
public final class LogRetention {

    private LogRetention() {
    }

    /** The shortest retention CloudWatch Logs accepts that is at least {@code days}. */
    public static int atLeast(int days) {
        int[] accepted = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                3288, 3653};
        for (int value : accepted) {
            if (value >= days) {
                return value;
            }
        }
        return accepted[accepted.length - 1];
    }
}
