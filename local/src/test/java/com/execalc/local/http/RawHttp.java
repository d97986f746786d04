package com.execalc.local.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client that writes bytes to a socket exactly as given and reads answers as they come, for requests that no HTTP
 * client library would send.
 */
public final class RawHttp implements AutoCloseable {

    /**
     * One answer as it came over the wire.
     *
     * @param statusLine the status line, e.g. {@code HTTP/1.1 400 Bad Request}
     * @param headers    header names in lower case
     */
    public record Answer(String statusLine, int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    /** Writes {@code request}, as ISO-8859-1 bytes, and nothing else. */
    public RawHttp send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] request) throws IOException {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads the next answer (its body by {@code Content-Length}). */
    public Answer answer() throws IOException {
        return answer(false);
    }

    /** Reads the answer to a HEAD request: its {@code Content-Length} is that of a body it does not have. */
    public Answer answerToHead() throws IOException {
        return answer(true);
    }

    private Answer answer(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("The connection was closed without an answer");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(statusLine, Integer.parseInt(statusLine.split(" ")[1]), headers,
                new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server closed the connection: the next read ends the stream (within the socket's timeout). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Everything the server sends until it closes the connection, or until the timeout. */
    public String rest() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException ended) {
            // what came so far
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    public void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
