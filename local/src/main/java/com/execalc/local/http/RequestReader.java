package com.execalc.local.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one HTTP/1.1 request from a connection (RFC 9112): the head up to its empty line, then the body by its
 * {@code Content-Length} or chunked framing. Anything it cannot read is a {@link Refused} with the reason.
 */
final class RequestReader {

    /** The request could not be read, for this reason. */
    static final class Refused extends Exception {
        private final transient Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        Refusal refusal() {
            return refusal;
        }
    }

    /**
     * A request head, read and checked.
     *
     * @param expectsContinue whether the client waits for {@code 100 Continue} before sending its body
     * @param keepAlive       whether the connection may serve another request after this one
     */
    record Head(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, long contentLength,
                boolean chunked, boolean expectsContinue, boolean keepAlive) {
    }

    private static final int MAX_CHUNK_LINE = 1024;

    private final InputStream in;
    private final int maxHeadBytes;
    private final int maxHeaders;
    private final int maxBodyBytes;

    RequestReader(InputStream in, int maxHeadBytes, int maxHeaders, int maxBodyBytes) {
        this.in = in;
        this.maxHeadBytes = maxHeadBytes;
        this.maxHeaders = maxHeaders;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Reads a head whose first byte has been read already.
     *
     * @throws EOFException when the client closed the connection before the head was complete
     */
    Head head(int first) throws IOException, Refused {
        List<String> lines = headLines(first);
        String[] requestLine = lines.get(0).split(" ", -1);
        if (requestLine.length != 3 || !HttpSyntax.isToken(requestLine[0]) || requestLine[1].isEmpty()) {
            throw new Refused(Refusal.BAD_REQUEST_LINE);
        }
        String version = requestLine[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new Refused(version.matches("HTTP/[0-9](\\.[0-9])?") ? Refusal.UNSUPPORTED_VERSION
                    : Refusal.BAD_REQUEST_LINE);
        }
        String target = requestLine[1];
        if (!target.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new Refused(Refusal.BAD_TARGET); // a target is ASCII (RFC 9112 3.2): anything else is encoded
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException notAUri) {
            throw new Refused(Refusal.BAD_TARGET);
        }
        // origin-form only, read as com.sun.net.httpserver read it: the raw path and query of the URI
        if (!target.startsWith("/") || uri.getRawPath() == null) {
            throw new Refused(Refusal.BAD_TARGET);
        }

        Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<String, String> spelling = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (lines.size() - 1 > maxHeaders) {
            throw new Refused(Refusal.TOO_MANY_HEADERS);
        }
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            // no whitespace before the colon (RFC 9112 5.1), no obsolete line folding
            if (colon <= 0 || !HttpSyntax.isToken(line.substring(0, colon))) {
                throw new Refused(Refusal.BAD_HEADER);
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (!HttpSyntax.isFieldValue(value)) {
                throw new Refused(Refusal.BAD_HEADER);
            }
            headers.computeIfAbsent(spelling.computeIfAbsent(name, firstSpelling -> name), ignored -> new ArrayList<>())
                    .add(value);
        }
        List<String> lengths = values(headers, spelling, "Content-Length");
        List<String> codings = values(headers, spelling, "Transfer-Encoding");
        if (!lengths.isEmpty() && !codings.isEmpty()) {
            throw new Refused(Refusal.CONFLICTING_FRAMING);
        }
        long length = 0;
        boolean chunked = false;
        if (!codings.isEmpty()) {
            if (codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
                throw new Refused(Refusal.UNSUPPORTED_TRANSFER_ENCODING);
            }
            chunked = true;
        } else if (!lengths.isEmpty()) {
            if (lengths.size() != 1 || !lengths.get(0).matches("[0-9]{1,18}")) {
                throw new Refused(Refusal.BAD_CONTENT_LENGTH);
            }
            length = Long.parseLong(lengths.get(0));
        }
        boolean expectsContinue = values(headers, spelling, "Expect").stream()
                .anyMatch(expect -> expect.equalsIgnoreCase("100-continue"));
        List<String> connection = values(headers, spelling, "Connection");
        boolean close = connection.stream().flatMap(value -> List.of(value.split(",")).stream())
                .anyMatch(option -> option.strip().equalsIgnoreCase("close"));
        boolean keepAlive = version.equals("HTTP/1.1") ? !close : connection.stream()
                .anyMatch(value -> value.strip().equalsIgnoreCase("keep-alive"));
        Head head = new Head(requestLine[0], uri.getRawPath(), uri.getRawQuery(), headers, length, chunked,
                expectsContinue, keepAlive);
        if (length > maxBodyBytes) {
            throw new Refused(Refusal.BODY_TOO_LARGE);
        }
        return head;
    }

    /** The body of a request whose head was {@code head}. */
    byte[] body(Head head) throws IOException, Refused {
        if (!head.chunked()) {
            byte[] body = in.readNBytes((int) head.contentLength());
            if (body.length < head.contentLength()) {
                throw new EOFException("The body ended early");
            }
            return body;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(MAX_CHUNK_LINE, Refusal.BAD_CHUNK);
            int extension = sizeLine.indexOf(';');
            String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
                throw new Refused(Refusal.BAD_CHUNK);
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                break;
            }
            if (body.size() + size > maxBodyBytes) {
                throw new Refused(Refusal.BODY_TOO_LARGE);
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new EOFException("A chunk ended early");
            }
            body.writeBytes(chunk);
            if (!line(2, Refusal.BAD_CHUNK).isEmpty()) {
                throw new Refused(Refusal.BAD_CHUNK);
            }
        }
        // trailer fields, ignored, up to the empty line
        int trailerBytes = 0;
        for (String trailer = line(MAX_CHUNK_LINE, Refusal.BAD_CHUNK); !trailer.isEmpty();
             trailer = line(MAX_CHUNK_LINE, Refusal.BAD_CHUNK)) {
            trailerBytes += trailer.length();
            if (trailerBytes > maxHeadBytes) {
                throw new Refused(Refusal.HEAD_TOO_LARGE);
            }
        }
        return body.toByteArray();
    }

    /** Tells a client that waits for it to send its body. */
    static void sendContinue(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static List<String> values(Map<String, List<String>> headers, Map<String, String> spelling, String name) {
        String key = spelling.get(name);
        return key == null ? List.of() : headers.get(key);
    }

    /** The request line and header lines, without the empty line; leading empty lines are skipped (RFC 9112 2.2). */
    private List<String> headLines(int first) throws IOException, Refused {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        int c = first;
        while (true) {
            if (c < 0) {
                throw new EOFException("The head ended early");
            }
            if (++total > maxHeadBytes) {
                throw new Refused(Refusal.HEAD_TOO_LARGE);
            }
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                if (line.indexOf("\r") >= 0) {
                    throw new Refused(lines.isEmpty() ? Refusal.BAD_REQUEST_LINE : Refusal.BAD_HEADER);
                }
                if (line.length() == 0) {
                    if (!lines.isEmpty()) {
                        return lines;
                    }
                } else {
                    if (!lines.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                        throw new Refused(Refusal.BAD_HEADER); // obsolete line folding
                    }
                    lines.add(line.toString());
                }
                line.setLength(0);
            } else {
                line.append((char) c); // ISO-8859-1: a byte is a char
            }
            c = in.read();
        }
    }

    /** One CRLF-terminated line of a chunked body, at most {@code max} characters. */
    private String line(int max, Refusal tooLong) throws IOException, Refused {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("The chunked body ended early");
            }
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= max) {
                throw new Refused(tooLong);
            }
            line.append((char) c);
        }
    }
}
