package com.execalc.local.http;

/** Why the shell could not hand a request to its handler: the status to answer and a fixed message (no echo). */
public enum Refusal {
    BAD_REQUEST_LINE(400, "The request line is not 'METHOD /path HTTP/1.1'."),
    BAD_TARGET(400, "The request target is not a valid path and query."),
    UNSUPPORTED_VERSION(400, "Only HTTP/1.1 and HTTP/1.0 requests are served."),
    BAD_HEADER(400, "A header line is not 'Name: value' with a token name and a value of visible characters."),
    HEAD_TOO_LARGE(431, "The request line and headers are too large."),
    TOO_MANY_HEADERS(431, "The request has too many header lines."),
    BAD_CONTENT_LENGTH(400, "Content-Length is not one non-negative decimal number."),
    CONFLICTING_FRAMING(400, "The request has both Content-Length and Transfer-Encoding."),
    UNSUPPORTED_TRANSFER_ENCODING(400, "Only Transfer-Encoding: chunked is understood."),
    BAD_CHUNK(400, "The chunked body is malformed."),
    BODY_TOO_LARGE(413, "The request body is too large."),
    TIMED_OUT(408, "The request did not arrive in time."),
    HANDLER_FAILED(500, "The local gateway failed.");

    private final int status;
    private final String message;

    Refusal(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }
}
