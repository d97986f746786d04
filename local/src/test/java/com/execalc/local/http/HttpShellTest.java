package com.execalc.local.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The HTTP shell, driven with raw bytes over a socket: what it hands to its handler, and what it answers to requests
 * it cannot read (always its refusals writer's answer, with {@code X-Request-Id}, then the connection closed).
 */
class HttpShellTest {

    private static final HttpShell.Limits LIMITS = new HttpShell.Limits(4096, 20, 1000, Duration.ofSeconds(5),
            Duration.ofMillis(500));

    private final List<HttpRequest> handled = new CopyOnWriteArrayList<>();
    private HttpShell shell;

    @BeforeEach
    void start() throws IOException {
        shell = HttpShell.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), LIMITS,
                (refusal, requestId) -> new HttpResponse(refusal.status(), Map.of("Content-Type", "text/plain"),
                        ("refused " + refusal.name() + " " + requestId).getBytes(StandardCharsets.UTF_8)))
                .serve(request -> {
                    handled.add(request);
                    if (request.rawPath().equals("/fail")) {
                        throw new IllegalStateException("the handler failed");
                    }
                    if (request.rawPath().equals("/own-id")) {
                        return new HttpResponse(200, Map.of("X-Request-Id", "the-handlers-id"), null);
                    }
                    if (request.rawPath().equals("/framing")) {
                        return new HttpResponse(200, Map.of("Content-Length", "999", "Connection", "close",
                                "Transfer-Encoding", "chunked"), "ok".getBytes(StandardCharsets.UTF_8));
                    }
                    if (request.rawPath().equals("/none")) {
                        return new HttpResponse(204, Map.of(), null);
                    }
                    return new HttpResponse(200, Map.of("Content-Type", "text/plain"),
                            ("body " + new String(request.body(), StandardCharsets.UTF_8))
                                    .getBytes(StandardCharsets.UTF_8));
                });
    }

    @AfterEach
    void stop() {
        shell.close();
    }

    private RawHttp connect() throws IOException {
        return new RawHttp(shell.port());
    }

    @Nested
    class AWellFormedRequest {

        @Test
        void shouldReachTheHandler_withItsRawPathQueryHeadersInOrderAndBody() throws IOException {
            try (RawHttp client = connect()) {
                RawHttp.Answer answer = client.send("PUT /a%2Fb/c?x=1&y=%20 HTTP/1.1\r\nHost: local\r\n"
                        + "X-One: 1\r\nx-one: 2\r\nAuthorization: Bearer t\r\nContent-Length: 5\r\n\r\nhello").answer();

                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("body hello");
            }
            HttpRequest request = handled.get(0);
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.rawPath()).isEqualTo("/a%2Fb/c");
            assertThat(request.rawQuery()).isEqualTo("x=1&y=%20");
            assertThat(request.headers().keySet()).containsExactly("Host", "X-One", "Authorization", "Content-Length");
            assertThat(request.header("x-ONE")).containsExactly("1", "2");
            assertThat(request.header("authorization")).containsExactly("Bearer t");
        }

        @Test
        void shouldBeAnswered_withTheIdTheShellGaveIt_asXRequestId() throws IOException {
            try (RawHttp client = connect()) {
                RawHttp.Answer answer = client.send("GET / HTTP/1.1\r\n\r\n").answer();

                assertThat(answer.header("X-Request-Id")).isEqualTo(handled.get(0).requestId()).isNotBlank();
                assertThat(answer.header("Date")).isNotBlank();
            }
        }

        @Test
        void shouldKeepTheHandlersOwnXRequestId_whenItGivesOne() throws IOException {
            try (RawHttp client = connect()) {
                assertThat(client.send("GET /own-id HTTP/1.1\r\n\r\n").answer().header("X-Request-Id"))
                        .isEqualTo("the-handlers-id");
            }
        }

        @Test
        void shouldBeFramedByTheShell_whateverFramingHeadersTheHandlerSets() throws IOException {
            try (RawHttp client = connect()) {
                RawHttp.Answer answer = client.send("GET /framing HTTP/1.1\r\n\r\n").answer();

                assertThat(answer.header("Content-Length")).isEqualTo("2");
                assertThat(answer.header("Transfer-Encoding")).isNull();
                assertThat(answer.header("Connection")).isNull();
                assertThat(answer.body()).isEqualTo("ok");
            }
        }

        @Test
        void shouldHaveNoBody_when204_orForHead() throws IOException {
            try (RawHttp client = connect()) {
                RawHttp.Answer none = client.send("GET /none HTTP/1.1\r\n\r\n").answer();
                RawHttp.Answer head = client.send("HEAD /x HTTP/1.1\r\n\r\n").answerToHead();
                RawHttp.Answer next = client.send("GET /after HTTP/1.1\r\n\r\n").answer();

                assertThat(none.status()).isEqualTo(204);
                assertThat(none.header("Content-Length")).isNull();
                assertThat(head.header("Content-Length")).isEqualTo("5");
                assertThat(head.body()).isEmpty();
                assertThat(next.body()).as("the next answer starts where HEAD's ended").isEqualTo("body ");
            }
        }

        @Test
        void shouldKeepTheConnection_forTheNextRequest_evenWhenPipelined() throws IOException {
            try (RawHttp client = connect()) {
                client.send("POST /1 HTTP/1.1\r\nContent-Length: 1\r\n\r\naPOST /2 HTTP/1.1\r\nContent-Length: 2\r\n"
                        + "\r\nbbGET /3 HTTP/1.1\r\n\r\n");

                assertThat(List.of(client.answer().body(), client.answer().body(), client.answer().body()))
                        .containsExactly("body a", "body bb", "body ");
            }
            assertThat(handled).extracting(HttpRequest::rawPath).containsExactly("/1", "/2", "/3");
        }

        @Test
        void shouldEndTheConnection_afterItsAnswer_whenItAsksToClose() throws IOException {
            try (RawHttp client = connect()) {
                RawHttp.Answer answer = client.send("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").answer();

                assertThat(answer.header("Connection")).isEqualTo("close");
                assertThat(client.closedByServer()).isTrue();
            }
        }

        @Test
        void shouldHaveItsChunkedBodyDecoded() throws IOException {
            try (RawHttp client = connect()) {
                RawHttp.Answer answer = client.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n").answer();

                assertThat(answer.body()).isEqualTo("body abcde");
            }
        }

        @Test
        void shouldBeToldToContinue_beforeItSendsTheBodyItAnnounced() throws IOException {
            try (RawHttp client = connect()) {
                client.send("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
                RawHttp.Answer proceed = client.answer();
                RawHttp.Answer answer = client.send("xyz").answer();

                assertThat(proceed.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
                assertThat(answer.body()).isEqualTo("body xyz");
            }
        }

        @Test
        void shouldGetTheRefusalWritersAnswer_whenTheHandlerFails() throws IOException {
            try (RawHttp client = connect()) {
                RawHttp.Answer answer = client.send("GET /fail HTTP/1.1\r\n\r\n").answer();

                assertThat(answer.status()).isEqualTo(500);
                assertThat(answer.body()).isEqualTo("refused HANDLER_FAILED " + answer.header("X-Request-Id"));
            }
        }
    }

    /** Requests the shell cannot read, and the refusal each gets. */
    static Stream<Arguments> unreadableRequests() {
        return Stream.of(
                arguments("a request line of one word", "GARBAGE\r\n\r\n", Refusal.BAD_REQUEST_LINE),
                arguments("a request line without version", "GET /\r\n\r\n", Refusal.BAD_REQUEST_LINE),
                arguments("a request line with two spaces", "GET  / HTTP/1.1\r\n\r\n", Refusal.BAD_REQUEST_LINE),
                arguments("a method that is not a token", "G(T / HTTP/1.1\r\n\r\n", Refusal.BAD_REQUEST_LINE),
                arguments("a version that is not HTTP", "GET / FTP/1.1\r\n\r\n", Refusal.BAD_REQUEST_LINE),
                arguments("a CR inside the request line", "GET /a\rb HTTP/1.1\r\n\r\n", Refusal.BAD_REQUEST_LINE),
                arguments("HTTP/2.0 as text", "GET / HTTP/2.0\r\n\r\n", Refusal.UNSUPPORTED_VERSION),
                arguments("a malformed escape", "GET /a%zz HTTP/1.1\r\n\r\n", Refusal.BAD_TARGET),
                arguments("a target that is not a path", "GET http://x/ HTTP/1.1\r\n\r\n", Refusal.BAD_TARGET),
                arguments("an asterisk target", "OPTIONS * HTTP/1.1\r\n\r\n", Refusal.BAD_TARGET),
                arguments("a raw non-ASCII target", "GET /\u00e9 HTTP/1.1\r\n\r\n", Refusal.BAD_TARGET),
                arguments("a header without colon", "GET / HTTP/1.1\r\nBad Header\r\n\r\n", Refusal.BAD_HEADER),
                arguments("a space in a header name", "GET / HTTP/1.1\r\nBad Name: v\r\n\r\n", Refusal.BAD_HEADER),
                arguments("a space before the colon", "GET / HTTP/1.1\r\nName : v\r\n\r\n", Refusal.BAD_HEADER),
                arguments("an empty header name", "GET / HTTP/1.1\r\n: v\r\n\r\n", Refusal.BAD_HEADER),
                arguments("a folded header", "GET / HTTP/1.1\r\nA: 1\r\n 2\r\n\r\n", Refusal.BAD_HEADER),
                arguments("a control character in a value", "GET / HTTP/1.1\r\nA: 1\u00012\r\n\r\n",
                        Refusal.BAD_HEADER),
                arguments("a header over the limit", "GET / HTTP/1.1\r\nX-Long: " + "x".repeat(5000) + "\r\n\r\n",
                        Refusal.HEAD_TOO_LARGE),
                arguments("a request line over the limit", "GET /" + "x".repeat(5000) + " HTTP/1.1\r\n\r\n",
                        Refusal.HEAD_TOO_LARGE),
                arguments("too many headers", "GET / HTTP/1.1\r\n" + "A: 1\r\n".repeat(21) + "\r\n",
                        Refusal.TOO_MANY_HEADERS),
                arguments("a Content-Length that is not a number", "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
                        Refusal.BAD_CONTENT_LENGTH),
                arguments("a negative Content-Length", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                        Refusal.BAD_CONTENT_LENGTH),
                arguments("two Content-Lengths", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                        Refusal.BAD_CONTENT_LENGTH),
                arguments("Content-Length and chunked", "POST / HTTP/1.1\r\nContent-Length: 1\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", Refusal.CONFLICTING_FRAMING),
                arguments("an unknown transfer coding", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
                        Refusal.UNSUPPORTED_TRANSFER_ENCODING),
                arguments("a chunk size that is not hex", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\nab\r\n0\r\n\r\n", Refusal.BAD_CHUNK),
                arguments("a chunk longer than its size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "1\r\nab\r\n0\r\n\r\n", Refusal.BAD_CHUNK),
                arguments("a Content-Length over the limit", "POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n"
                        + "x".repeat(1001), Refusal.BODY_TOO_LARGE),
                arguments("chunks over the limit", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3e8\r\n" + "x".repeat(1000) + "\r\n1\r\nx\r\n0\r\n\r\n", Refusal.BODY_TOO_LARGE),
                arguments("a head that stops half way", "GET / HTTP/1.1\r\nHost: x", Refusal.TIMED_OUT),
                arguments("a body shorter than announced", "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
                        Refusal.TIMED_OUT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableRequests")
    void anUnreadableRequest_shouldGetTheRefusalWritersAnswer_withItsId_andTheConnectionClosed(String what,
            String request, Refusal refusal) throws IOException {
        try (RawHttp client = connect()) {
            RawHttp.Answer answer = client.send(request).answer();

            assertThat(answer.status()).as(what).isEqualTo(refusal.status());
            assertThat(answer.body()).as(what).isEqualTo("refused " + refusal.name() + " "
                    + answer.header("X-Request-Id"));
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(client.closedByServer()).as("closed after the refusal").isTrue();
        }
        assertThat(handled).as("the handler never sees it").isEmpty();
    }

    @Test
    void aBodyOverTheLimit_shouldBeRefusedBeforeItIsSent_whenTheClientWaitsForContinue() throws IOException {
        try (RawHttp client = connect()) {
            RawHttp.Answer answer = client.send("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n"
                    + "\r\n").answer();

            assertThat(answer.status()).isEqualTo(413);
        }
    }

    @Test
    void aClientThatOpensAndSaysNothing_shouldGetNoAnswer_andNoHandlerCall() throws IOException {
        try (RawHttp client = connect()) {
            client.timeout(300);

            assertThat(client.rest()).isEmpty();
        }
        assertThat(handled).isEmpty();
    }

    @Test
    void everyAcceptedSocket_shouldBeConfiguredWithTcpNoDelay() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            assertThat(accepted.getTcpNoDelay()).as("the platform default").isFalse();

            HttpShell.configure(accepted);

            assertThat(accepted.getTcpNoDelay()).isTrue();
            assertThat(client.isConnected()).isTrue();
        }
    }

    /**
     * Why the shell exists: {@code com.sun.net.httpserver} answers a request it cannot parse itself, before any
     * handler runs, with an HTML page, and resets the connection without any answer when the head is over its limit.
     * If a JDK changes this, these fail, and the shell could be reconsidered.
     */
    @Nested
    class WhatTheJdksHttpServerDoesInstead {

        private HttpServer server;
        private final List<String> reached = new CopyOnWriteArrayList<>();

        @BeforeEach
        void startAJdkServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/", exchange -> {
                reached.add(exchange.getRequestURI().toString());
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        @AfterEach
        void stopIt() {
            server.stop(0);
        }

        @Test
        void aBadRequestLineOrHeader_isAnsweredInHtml_beforeAnyHandler() throws IOException {
            for (String request : List.of("GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                    "GET /a%zz HTTP/1.1\r\n\r\n")) {
                try (RawHttp client = new RawHttp(server.getAddress().getPort())) {
                    RawHttp.Answer answer = client.send(request).answer();

                    assertThat(answer.status()).isEqualTo(400);
                    assertThat(answer.header("Content-Type")).isEqualTo("text/html");
                    assertThat(answer.header("X-Request-Id")).isNull();
                }
            }
            assertThat(reached).isEmpty();
        }

        @Test
        void aHeadOverItsLimit_getsNoAnswerAtAll() throws IOException {
            try (RawHttp client = new RawHttp(server.getAddress().getPort())) {
                client.send("GET / HTTP/1.1\r\nX-Long: " + "x".repeat(500_000) + "\r\n\r\n");

                assertThat(client.rest()).isEmpty();
            }
            assertThat(reached).isEmpty();
        }
    }
}
