package com.execalc.local;

import com.execalc.api.AuditDigesterHandler;
import com.execalc.wiring.Setting;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./execalc up}: a local stack a person works with for hours, with its files in one folder, {@code .execalc/}
 * of the repository ({@link Home} names them).
 *
 * <p>The functions' log lines go to a log file, never between the walkthrough's lines (unless {@code --verbose}); the
 * data is in memory unless {@code --data-dir} names a folder, where dynalite keeps the tables and the stack the tenants'
 * audit streams, so that both outlive a restart together. On start the stack cleans what it owns and what no longer
 * means anything: the audit streams of an in-memory run (their tenants went with the memory), the log file of the run
 * before last, a pid file whose process is gone. It writes its pid file when ready and removes it when it stops, so that
 * {@code ./execalc down} (and {@code ./execalc up --detach}, which waits for it) find the running stack; a second stack
 * is refused while one runs.
 */
public final class LocalUp implements AutoCloseable {

    /**
     * The files of {@code ./execalc up} under its home folder.
     *
     * @param folder the folder that holds them, {@code .execalc/} of the repository
     */
    record Home(Path folder) {

        Home {
            folder = folder.toAbsolutePath().normalize();
        }

        /** The functions' log lines of the current run, one JSON line each. */
        Path logFile() {
            return folder.resolve("logs/local.log");
        }

        /** The log file of the run before, kept once. */
        Path previousLogFile() {
            return folder.resolve("logs/local.log.1");
        }

        /** The per-tenant audit streams of an in-memory run. */
        Path auditLogs() {
            return folder.resolve("audit-logs");
        }

        /**
         * The digester's local signing key and archive ({@code audit-signing-key/}, {@code audit-digests/}): in
         * {@code dataDir} beside the trails they sign, or here for an in-memory run.
         */
        static Path digestsIn(Path folder) {
            return folder;
        }

        /** The running stack's process id, then its base URL. */
        Path pidFile() {
            return folder.resolve("up.pid");
        }

        /** Where dynalite keeps the tables in {@code dataDir}. */
        static Path tablesIn(Path dataDir) {
            return dataDir.resolve("dynalite");
        }

        /** Where the tenants' audit streams are kept in {@code dataDir}, beside the tables they come from. */
        static Path auditLogsIn(Path dataDir) {
            return dataDir.resolve("audit-logs");
        }
    }

    private final LocalCloud stack;
    private final Writer logFile;
    private final Home home;
    private final Walkthrough.Places places;
    private LocalAuditDigests digests;

    private LocalUp(LocalCloud stack, Writer logFile, Home home, Walkthrough.Places places) {
        this.stack = stack;
        this.logFile = logFile;
        this.home = home;
        this.places = places;
    }

    /**
     * Cleans what an earlier run left, starts the stack as {@code options} say, prints the walkthrough to {@code out}
     * and writes the pid file.
     *
     * @param folder where the log file, the pid file and an in-memory run's audit streams go
     * @param out    where the walkthrough is printed, and with {@code --verbose} the log lines
     * @throws IllegalStateException when another stack runs from {@code folder}, or an identity setting is refused
     */
    static LocalUp start(UpOptions options, Path folder, PrintStream out) {
        Instant started = Instant.now();
        Home home = new Home(folder);
        try {
            refuseWhileAnotherRuns(home);
            Path auditLogs = options.persistentData().map(Home::auditLogsIn).orElse(home.auditLogs());
            // an in-memory run's tenants are gone, and so is the meaning of their audit streams
            deleteAuditStreams(home.auditLogs());
            // and so is the meaning of their digests (the key stays: it signs the next run's digests too)
            Path digestFolder = Home.digestsIn(options.persistentData().orElse(home.folder()));
            if (options.persistentData().isEmpty()) {
                deleteTree(digestFolder.resolve(AuditDigesterHandler.LOCAL_ARCHIVE_FOLDER));
            }
            Map<String, String> environment = new HashMap<>(options.environment());
            environment.put(Setting.AUDIT_DIGEST_FOLDER.variable(), digestFolder.toString());
            Files.createDirectories(home.logFile().getParent());
            if (Files.exists(home.logFile())) {
                Files.move(home.logFile(), home.previousLogFile(), StandardCopyOption.REPLACE_EXISTING);
            }
            Writer log = Files.newBufferedWriter(home.logFile(), StandardCharsets.UTF_8);
            LocalCloud stack;
            try {
                Dynalite dynalite = options.persistentData()
                        .map(data -> Dynalite.onDisk(createDirectories(Home.tablesIn(data))))
                        .orElseGet(Dynalite::inMemory);
                stack = LocalCloud.start(options.port(), dynalite, auditLogs,
                        new CapturedLogs(options.verbose() ? out : null, log), environment,
                        options.gatewaySettings());
            } catch (RuntimeException e) {
                log.close();
                throw e;
            }
            Walkthrough.Places places = new Walkthrough.Places(stack.baseUri(), stack.dynalite().endpoint(),
                    options.persistentData().map(Home::tablesIn).orElse(null), home.logFile(), auditLogs,
                    options.externalIssuer() ? options.identity().get(Setting.JWT_ISSUER) : null,
                    options.verbose(), options.detach());
            LocalUp up = new LocalUp(stack, log, home, places);
            // the deployed digester's schedule, here: every --audit-digest-seconds over periods of that length
            up.digests = LocalAuditDigests.start(stack.function(AuditDigesterHandler.FUNCTION),
                    options.auditDigestPeriod());
            out.print(Walkthrough.places(places, Duration.between(started, Instant.now())));
            if (!options.externalIssuer()) {
                out.print(Walkthrough.text(stack.baseUri()));
            }
            out.flush();
            // last, once everything is printed: ./execalc up --detach shows the output when it sees this file
            up.writePidFile();
            return up;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare " + home.folder(), e);
        }
    }

    /** The running stack. */
    LocalCloud stack() {
        return stack;
    }

    /** Where its parts are, as printed. */
    Walkthrough.Places places() {
        return places;
    }

    /** Stops the stack and dynalite, closes the log file and removes the pid file. */
    @Override
    public void close() {
        try (logFile) {
            if (digests != null) {
                digests.close();
            }
            stack.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not close " + home.logFile(), e);
        } finally {
            ownPid(home).ifPresent(pid -> {
                if (pid == ProcessHandle.current().pid()) {
                    deleteQuietly(home.pidFile());
                }
            });
        }
    }

    private void writePidFile() throws IOException {
        Path temporary = home.pidFile().resolveSibling("up.pid.tmp");
        Files.writeString(temporary, ProcessHandle.current().pid() + "\n" + stack.baseUri() + "\n");
        Files.move(temporary, home.pidFile(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void refuseWhileAnotherRuns(Home home) throws IOException {
        Optional<Long> pid = ownPid(home);
        if (pid.isEmpty()) {
            return;
        }
        if (ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
            List<String> lines = Files.readAllLines(home.pidFile());
            throw new IllegalStateException("A local stack already runs (process " + pid.get()
                    + (lines.size() > 1 ? ", " + lines.get(1) : "") + "); ./execalc down stops it");
        }
        // its process died without removing it (killed, or the machine restarted)
        Files.deleteIfExists(home.pidFile());
    }

    private static Optional<Long> ownPid(Home home) {
        try {
            List<String> lines = Files.readAllLines(home.pidFile());
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException none) {
            return Optional.empty();
        }
    }

    /** Deletes the audit stream files (only those: the folder may hold the developer's own files). */
    private static void deleteAuditStreams(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> streams = Files.newDirectoryStream(folder, "*.audit.jsonl")) {
            for (Path stream : streams) {
                Files.delete(stream);
            }
        }
    }

    private static Path createDirectories(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + folder, e);
        }
    }

    /** Deletes a folder and everything in it, read-only archive files included; nothing when it does not exist. */
    private static void deleteTree(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the next start finds a pid file without a process and removes it
        }
    }

    /**
     * {@code ./execalc up [flags, UpOptions]}: serves in the foreground until interrupted or terminated
     * ({@code ./execalc down} sends SIGTERM); exit code 2 for a bad flag or setting, or when a stack already runs.
     */
    public static void main(String[] args) throws InterruptedException {
        UpOptions options;
        try {
            options = UpOptions.parse(args, System.getenv().getOrDefault("EXECALC_PORT", "3000"));
        } catch (IllegalArgumentException e) {
            System.err.println("execalc up: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalUp up;
        try {
            up = start(options, RepositoryRoot.find().resolve(".execalc"), System.out);
        } catch (IllegalStateException refused) {
            // an identity setting the authorizer cannot start with, or a stack that already runs: say which, and stop
            System.err.println("execalc up: " + refused.getMessage());
            System.exit(2);
            return;
        } catch (UncheckedIOException unavailable) {
            // most often the port is taken by another program: the message names the port, its cause says why
            System.err.println("execalc up: " + unavailable.getMessage() + ": " + unavailable.getCause().getMessage()
                    + " (--port N or EXECALC_PORT picks another)");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            up.close();
            System.out.println("# Execalc Cloud local stack stopped.");
            stopped.countDown();
        }, "execalc-local-shutdown"));
        stopped.await();
    }
}
