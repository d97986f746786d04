package com.execalc.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A dynalite server (the npm package pinned in {@code package.json}) in a child node process on 127.0.0.1.
 *
 * <p>Started with zero table create/delete/update delays; in memory by default, or on disk with {@link #onDisk} so that
 * a test can kill it and start it again on the same data.
 */
public final class Dynalite implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final String EXIT_WITH_PARENT = "process.stdin.on('end', () => process.exit(0));"
            + "process.stdin.on('error', () => process.exit(0)); process.stdin.resume();"
            + "const cli = process.argv[1]; process.argv.splice(1, 1, 'dynalite'); require(cli);";

    private final Path repositoryRoot;
    private final int port;
    private final Path dataDirectory;
    private Process process;

    private Dynalite(Path repositoryRoot, int port, Path dataDirectory) {
        this.repositoryRoot = repositoryRoot;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /** Starts an in-memory dynalite on a free port. */
    public static Dynalite inMemory() {
        Dynalite dynalite = new Dynalite(RepositoryRoot.find(), freePort(), null);
        dynalite.start();
        return dynalite;
    }

    /** Starts a dynalite that keeps its data in {@code directory}, on a free port. */
    public static Dynalite onDisk(Path directory) {
        Dynalite dynalite = new Dynalite(RepositoryRoot.find(), freePort(), directory);
        dynalite.start();
        return dynalite;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Starts the server (again, after {@link #kill()}) on the same port and data. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path cli = repositoryRoot.resolve("node_modules/dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed: run 'npm ci' in " + repositoryRoot
                    + " (./execalc up and ./execalc test do it for you)");
        }
        // dynalite exits when its stdin closes, so it cannot outlive this JVM even when the JVM is killed
        List<String> command = new ArrayList<>(List.of("node", "-e", EXIT_WITH_PARENT, "--", cli.toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (dataDirectory != null) {
            command.addAll(List.of("--path", dataDirectory.toString()));
        }
        try {
            Path log = Files.createTempFile("dynalite-" + port + "-", ".log");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start node; is Node.js 20+ on the PATH?", e);
        }
        awaitListening();
    }

    /** Kills the server at once, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited with code " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IllegalStateException("dynalite did not listen on port " + port + " within " + START_TIMEOUT);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for dynalite", e);
        }
    }
}
