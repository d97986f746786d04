package com.execalc.local.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server: one thread per connection, keep-alive, {@code Content-Length} and chunked bodies,
 * {@code Expect: 100-continue}. It stands in front of the local gateway instead of {@code com.sun.net.httpserver},
 * which answers requests it cannot parse on its own, in HTML and before any handler runs (see the package docs).
 */
public final class HttpShell implements AutoCloseable {

    /** Answers one request; may throw, which the shell answers as {@link Refusal#HANDLER_FAILED}. */
    @FunctionalInterface
    public interface Handler {
        HttpResponse handle(HttpRequest request);
    }

    /** Writes the answer to a request the shell could not hand to the handler. */
    @FunctionalInterface
    public interface Refusals {
        HttpResponse answer(Refusal refusal, String requestId);
    }

    /**
     * What the shell accepts.
     *
     * @param maxHeadBytes   the request line and header lines together, in bytes
     * @param maxHeaders     header lines
     * @param maxBodyBytes   the body, after its chunked framing is removed
     * @param idleTimeout    how long a kept-alive connection waits for its next request
     * @param requestTimeout how long a request may take to arrive once its first byte has
     */
    public record Limits(int maxHeadBytes, int maxHeaders, int maxBodyBytes, Duration idleTimeout,
                         Duration requestTimeout) {

        public Limits {
            if (maxHeadBytes < 1024 || maxHeaders < 1 || maxBodyBytes < 0) {
                throw new IllegalArgumentException("Limits too small to serve a request");
            }
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
        }
    }

    /** A refused connection's remaining bytes are read for at most this long before it is closed. */
    private static final Duration DRAIN = Duration.ofSeconds(5);
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final ServerSocket server;
    private final Limits limits;
    private volatile Handler handler;
    private final Refusals refusals;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private HttpShell(ServerSocket server, Limits limits, Refusals refusals) {
        this.server = server;
        this.limits = limits;
        this.refusals = refusals;
        AtomicInteger count = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "local-gateway-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::accept, "local-gateway-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Binds {@code address} (port 0: any free port) without serving yet: connections wait in the backlog until
     * {@link #serve}, so that whoever builds the handler can know the port first.
     */
    public static HttpShell bind(InetSocketAddress address, Limits limits, Refusals refusals) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(address, 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new HttpShell(server, limits, Objects.requireNonNull(refusals, "refusals"));
    }

    /** Starts serving with {@code handler}, until closed. */
    public HttpShell serve(Handler handler) {
        if (this.handler != null) {
            throw new IllegalStateException("Already serving");
        }
        this.handler = Objects.requireNonNull(handler, "handler");
        acceptor.start();
        return this;
    }

    /** The port it serves on. */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * What every accepted socket gets: {@code TCP_NODELAY}, since an answer written while the client delays its ACK of
     * the previous one would otherwise wait for that ACK (~40 ms).
     */
    static void configure(Socket socket) throws SocketException {
        socket.setTcpNoDelay(true);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        connections.shutdownNow();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            open.add(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RuntimeException rejected) {
                open.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    /** Serves the requests of one connection, one after the other, until either side ends it. */
    private void serve(Socket socket) {
        try (socket) {
            configure(socket);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            RequestReader reader = new RequestReader(in, limits.maxHeadBytes(), limits.maxHeaders(),
                    limits.maxBodyBytes());
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                socket.setSoTimeout(millis(limits.idleTimeout()));
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException idle) {
                    return;
                }
                if (first < 0) {
                    return;
                }
                socket.setSoTimeout(millis(limits.requestTimeout()));
                keepAlive = exchange(socket, reader, first, out);
            }
        } catch (IOException | UncheckedIOException gone) {
            // the client went away; there is no one left to answer
        } finally {
            open.remove(socket);
        }
    }

    /** Reads, answers and writes one request; whether the connection may carry another. */
    private boolean exchange(Socket socket, RequestReader reader, int first, OutputStream out) throws IOException {
        String requestId = UUID.randomUUID().toString();
        RequestReader.Head head;
        byte[] body;
        try {
            head = reader.head(first);
            if (head.expectsContinue() && (head.chunked() || head.contentLength() > 0)) {
                RequestReader.sendContinue(out);
            }
            body = reader.body(head);
        } catch (RequestReader.Refused refused) {
            refuse(socket, out, refused.refusal(), requestId);
            return false;
        } catch (SocketTimeoutException stalled) {
            refuse(socket, out, Refusal.TIMED_OUT, requestId);
            return false;
        } catch (EOFException ended) {
            return false;
        }
        HttpRequest request = new HttpRequest(requestId, head.method(), head.rawPath(), head.rawQuery(),
                head.headers(), body);
        HttpResponse response;
        try {
            response = handler.handle(request);
        } catch (RuntimeException failed) {
            refuse(socket, out, Refusal.HANDLER_FAILED, requestId);
            return false;
        }
        write(out, response, requestId, head.method().equals("HEAD"), head.keepAlive());
        return head.keepAlive();
    }

    /** Answers with the refusals writer's answer, then closes the connection once the client's bytes are drained. */
    private void refuse(Socket socket, OutputStream out, Refusal refusal, String requestId) throws IOException {
        HttpResponse answer;
        try {
            answer = refusals.answer(refusal, requestId);
        } catch (RuntimeException failed) {
            return; // without an answer of ours there is none: closing is all that is left
        }
        write(out, answer, requestId, false, false);
        socket.shutdownOutput();
        // read what the client still sends, so that closing does not reset the connection under the answer
        long deadline = System.nanoTime() + DRAIN.toNanos();
        socket.setSoTimeout(1000);
        byte[] discard = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            while (System.nanoTime() < deadline && in.read(discard) >= 0) {
                // discarded
            }
        } catch (IOException done) {
            // timed out or reset: either way nothing more to read
        }
    }

    private static void write(OutputStream out, HttpResponse response, String requestId, boolean head,
                              boolean keepAlive) throws IOException {
        StringBuilder text = new StringBuilder(256);
        text.append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status()))
                .append("\r\n");
        boolean bodyless = response.status() == 204 || response.status() == 304;
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            if (!isFraming(header.getKey())) {
                text.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
        }
        if (response.header("X-Request-Id") == null) {
            text.append("X-Request-Id: ").append(requestId).append("\r\n");
        }
        if (response.header("Date") == null) {
            text.append("Date: ").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        }
        if (!bodyless) {
            text.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        if (!keepAlive) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head && !bodyless) {
            out.write(response.body());
        }
        out.flush();
    }

    private static boolean isFraming(String name) {
        return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Connection");
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
