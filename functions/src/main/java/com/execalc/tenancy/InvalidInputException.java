package com.execalc.tenancy;

/**
 * Thrown when a value a client supplied is malformed: a bad id, a body that is not the expected JSON, a query value out
 * of range. Answered with 400; nothing has been changed. The message says which value and why, without echoing it at
 * length.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
