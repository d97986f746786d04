package com.execalc.tenancy;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when a value a client supplied is malformed: a bad id, a body that is not the expected JSON, a query value out
 * of range ({@code INVALID_REQUEST}); nothing has been changed. The message says which value and why, without echoing it at
 * length.
 */
public class InvalidInputException extends ExecalcException {

    public InvalidInputException(String message) {
        super(ErrorCode.INVALID_REQUEST, message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(ErrorCode.INVALID_REQUEST, message, cause);
    }
}
