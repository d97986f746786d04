package com.execalc.observability;

/** Where a function writes its structured log lines: standard output in Lambda, a capturing sink in tests. */
@FunctionalInterface
public interface LogSink {

    /** Writes one line; {@code json} holds no line break. */
    void write(String json);

    /** Lambda's standard output, which CloudWatch Logs receives line by line. */
    static LogSink stdout() {
        return System.out::println;
    }
}
