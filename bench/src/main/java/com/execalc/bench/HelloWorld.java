package com.execalc.bench;

/** The floor of a JVM cold start: a JVM that prints one line and exits. */
public final class HelloWorld {

    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
