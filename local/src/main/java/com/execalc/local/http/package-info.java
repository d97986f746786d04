/**
 * The local gateway's HTTP/1.1 shell: sockets in, {@link com.execalc.local.http.HttpRequest} to a handler,
 * {@link com.execalc.local.http.HttpResponse} out. It knows nothing of routes, tokens or functions.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Every answer it writes is the handler's, or one its {@link com.execalc.local.http.HttpShell.Refusals} writer
 *       made: a request it cannot read (a bad request line, target or header, a head over the limit, a malformed
 *       length or chunk, a body over the limit, a request that stalls) never gets an answer of the shell's own
 *       making, unlike {@code com.sun.net.httpserver}, which answers such requests itself with an HTML page, or
 *       closes the connection without an answer (a head over its limit).</li>
 *   <li>Every answer carries {@code X-Request-Id}: the handler's, or else the id the shell gave the request before
 *       reading it, so that an unreadable request has one too.</li>
 *   <li>The shell owns the framing: {@code Content-Length}, {@code Transfer-Encoding} and {@code Connection} of an
 *       answer are its own; after a refusal the connection is closed, once the client's remaining bytes are drained
 *       (so that the answer is not lost to a reset).</li>
 *   <li>Every accepted socket has {@code TCP_NODELAY} (set in one place, {@link
 *       com.execalc.local.http.HttpShell#configure}), so no answer waits for a delayed ACK.</li>
 * </ul>
 */
package com.execalc.local.http;
