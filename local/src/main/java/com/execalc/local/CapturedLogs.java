package com.execalc.local;

import com.execalc.observability.LogSink;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The functions' log lines in the local stack: printed, as Lambda would send them to CloudWatch, and kept so that tests
 * can read what a function logged (and what it must never log).
 */
public final class CapturedLogs implements LogSink {

    private static final int MAX_KEPT = 200_000;

    // a deque, not a list: dropping the oldest of 200,000 lines must not copy the other 199,999
    private final Deque<String> lines = new ArrayDeque<>();
    private final boolean print;

    public CapturedLogs(boolean print) {
        this.print = print;
    }

    @Override
    public synchronized void write(String json) {
        if (print) {
            System.out.println(json);
        }
        if (lines.size() == MAX_KEPT) {
            lines.removeFirst();
        }
        lines.addLast(json);
    }

    /** Every line kept so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
