package com.execalc.local;

import com.execalc.observability.LogSink;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The functions' log lines in the local stack, as Lambda would send them to CloudWatch: kept so that tests can read
 * what a function logged (and what it must never log), and written where the stack was told, a log file
 * ({@code ./execalc up}), a console ({@code --verbose}), both or neither.
 */
public final class CapturedLogs implements LogSink {

    private static final int MAX_KEPT = 200_000;

    // a deque, not a list: dropping the oldest of 200,000 lines must not copy the other 199,999
    private final Deque<String> lines = new ArrayDeque<>();
    private final PrintStream console;
    private final Writer file;

    /** Lines kept, and printed on standard output when {@code print} says so. */
    public CapturedLogs(boolean print) {
        this(print ? System.out : null, null);
    }

    /**
     * Lines kept, and written to each destination given.
     *
     * @param console where each line is printed too, or {@code null}
     * @param file    where each line is appended and flushed at once (so that {@code tail -f} sees it), or
     *                {@code null}; its owner closes it
     */
    CapturedLogs(PrintStream console, Writer file) {
        this.console = console;
        this.file = file;
    }

    @Override
    public synchronized void write(String json) {
        if (console != null) {
            console.println(json);
        }
        if (file != null) {
            try {
                file.write(json);
                file.write('\n');
                file.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the local log file", e);
            }
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
