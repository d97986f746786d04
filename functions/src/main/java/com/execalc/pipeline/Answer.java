package com.execalc.pipeline;

/** What a route's capability answers, as far as the pipeline needs to know: the status its audit event records. */
public interface Answer {

    int status();
}
