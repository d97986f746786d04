package com.execalc.packaging;

import com.execalc.packaging.launcher.AotCheckedMain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code ./execalc package}: builds {@code functions/target/lambda/<name>.zip} for each {@link PackagedFunction}.
 *
 * <p>One runtime image (see {@link RuntimeImage}) for all five; per function a staged task root ({@code bootstrap},
 * {@code runtime/}, {@code jars/}, {@code aot/function.aot}, {@value PackageManifest#FILE}) whose cache a training run
 * writes, zipped; an {@code -XX:AOTMode=on} start of the unpacked zip then proves the cache maps, or the zip is
 * deleted and the build fails. Outdated packages are built {@link #parallelism()} at a time. A zip whose inputs (the
 * jars, the JDK build, the bootstrap, the launcher, the sample events) are unchanged is kept as it is.
 *
 * <p>Usage: {@code LambdaPackager <repository root>}; fails without a JDK 25 (see {@link Jdk25}).
 */
public final class LambdaPackager {

    /** Bumped when what the packager writes changes, so that older zips are rebuilt. */
    static final String LAYOUT = "2";

    /**
     * The modification time of every file in a package. The JVM refuses an AOT cache whose jars' times differ from
     * the training run's, so the training run and the zip both see this one (Lambda keeps a zip's times when it
     * unpacks it into the task root).
     */
    static final FileTime FILE_TIME = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    /** The jar names inside {@code jars/}, which {@code bootstrap} puts on the class path. */
    static final String FUNCTIONS_JAR = "execalc-functions-lambda.jar";
    static final String LAUNCHER_JAR = "execalc-launcher.jar";
    static final String RIC_JAR = "aws-lambda-java-runtime-interface-client.jar";
    static final String SERIALIZATION_JAR = "aws-lambda-java-serialization.jar";
    static final String JNI_LIBRARY = "libaws-lambda-jni.so";

    private final Path root;
    private final Path work;
    private final Jdk25 jdk;

    LambdaPackager(Path root, Jdk25 jdk) {
        this(root, jdk, root.resolve("packaging/target/lambda-build"));
    }

    private LambdaPackager(Path root, Jdk25 jdk, Path work) {
        this.root = root;
        this.work = work;
        this.jdk = jdk;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Jdk25 jdk = Jdk25.require(System.getenv("JAVA25_HOME"), Jdk25.DEFAULT_JVM_ROOT,
                "The Lambda packages (./execalc package, ./execalc test) are built with it: their runtime is a jlink "
                        + "image of that JDK. Deploying with -c runtime=managed needs no package.");
        new LambdaPackager(root, jdk).packageAll();
    }

    /** What every zip is built from; {@link #prepare} makes it once per build. */
    private record Inputs(Path functionsJar, Path ric, Path serialization, Path launcher, Path jni, Path bootstrap,
                          RuntimeImage image) {
    }

    private Inputs prepare(Path functionsJar) throws IOException {
        Files.createDirectories(work);
        if (!Files.isRegularFile(functionsJar)) {
            throw new IllegalStateException("Build the functions jar first: " + functionsJar);
        }
        Path ricFolder = root.resolve("packaging/target/runtime-interface-client");
        Path ric = single(ricFolder, "aws-lambda-java-runtime-interface-client-");
        Path serialization = single(ricFolder, "aws-lambda-java-serialization-");
        Path launcher = launcherJar(work.resolve(LAUNCHER_JAR));
        Path jni = jniLibrary(ric, work.resolve(JNI_LIBRARY));
        Path bootstrap = bootstrapScript(work.resolve("bootstrap"));
        RuntimeImage image = RuntimeImage.build(jdk, List.of(functionsJar, ric, serialization),
                work.resolve("runtime"));
        return new Inputs(functionsJar, ric, serialization, launcher, jni, bootstrap, image);
    }

    /** Builds or keeps every zip, and prints what it built from and how big each zip is. */
    void packageAll() throws IOException, InterruptedException {
        Inputs inputs = prepare(root.resolve("functions/target/" + FUNCTIONS_JAR));
        RuntimeImage image = inputs.image();
        System.out.println("execalc package: JDK " + jdk.build() + " (" + jdk.implementor() + ", " + jdk.home()
                + "), " + jdk.architecture() + ", runtime modules " + String.join(",", image.modules()));

        String common = Tools.digest(List.of(inputs.functionsJar(), inputs.ric(), inputs.serialization(),
                inputs.launcher(), inputs.jni(), inputs.bootstrap()))
                + String.join("\n", jdk.release()) + image.modules() + RuntimeImage.JLINK_OPTIONS + LAYOUT;
        Path packages = root.resolve(PackagedFunction.PACKAGES);
        List<PackagedFunction> outdated = new ArrayList<>();
        Map<PackagedFunction, PackageManifest> manifests = new EnumMap<>(PackagedFunction.class);
        for (PackagedFunction function : PackagedFunction.values()) {
            PackageManifest manifest = new PackageManifest(function.functionName(), function.handler(),
                    jdk.architecture(), jdk.build(), jdk.implementor(), image.modules(),
                    Tools.digest(common + function + eventsDigest(function)));
            manifests.put(function, manifest);
            if (upToDate(function.zip(packages), manifest)) {
                System.out.println("execalc package: " + root.relativize(function.zip(packages)) + " is up to date");
            } else {
                outdated.add(function);
            }
        }
        trainAll(inputs, manifests, outdated, packages);
        for (PackagedFunction function : PackagedFunction.values()) {
            Path zip = function.zip(packages);
            System.out.printf(Locale.ROOT, "execalc package: %s %.1f MB zipped, %.1f MB unzipped%n",
                    root.relativize(zip), Files.size(zip) / 1e6, Zips.unpackedSize(zip) / 1e6);
        }
    }

    /**
     * Trains and writes the outdated zips, {@link #parallelism()} at a time: each training run, zip and check is
     * mostly one busy thread. The control plane trains against a local stack of its own, since its sample event
     * registers the tenant the others' training seeds (and must not find it there); the others share one.
     */
    private void trainAll(Inputs inputs, Map<PackagedFunction, PackageManifest> manifests,
                          List<PackagedFunction> outdated, Path packages) throws IOException, InterruptedException {
        if (outdated.isEmpty()) {
            return;
        }
        int parallelism = parallelism();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, outdated.size()));
        List<TrainingRun> runs = new ArrayList<>();
        try {
            TrainingRun unseeded = outdated.contains(PackagedFunction.CONTROL_PLANE) ? start(runs) : null;
            TrainingRun seeded = outdated.stream().anyMatch(f -> f != PackagedFunction.CONTROL_PLANE) ? start(runs)
                    : null;
            Map<PackagedFunction, Future<?>> builds = new EnumMap<>(PackagedFunction.class);
            for (PackagedFunction function : outdated) {
                TrainingRun training = function == PackagedFunction.CONTROL_PLANE ? unseeded : seeded;
                Path zip = function.zip(packages);
                builds.put(function, pool.submit(() -> {
                    long began = System.nanoTime();
                    build(inputs, manifests.get(function), function, zip, training);
                    System.out.printf(Locale.ROOT, "execalc package: %s trained and written in %.1f s%n",
                            root.relativize(zip), (System.nanoTime() - began) / 1e9);
                    return null;
                }));
            }
            for (Map.Entry<PackagedFunction, Future<?>> build : builds.entrySet()) {
                try {
                    build.getValue().get();
                } catch (ExecutionException failed) {
                    builds.values().forEach(other -> other.cancel(true));
                    Throwable cause = failed.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("Packaging " + build.getKey().functionName() + " failed", cause);
                }
            }
            System.out.printf(Locale.ROOT, "execalc package: %d package(s) in %.1f s, %d at a time%n",
                    outdated.size(), (System.nanoTime() - started) / 1e9, Math.min(parallelism, outdated.size()));
        } finally {
            pool.shutdownNow();
            runs.forEach(TrainingRun::close);
        }
    }

    private TrainingRun start(List<TrainingRun> runs) {
        TrainingRun run = TrainingRun.start(root);
        runs.add(run);
        return run;
    }

    /**
     * How many packages are trained at once: {@code -Dexecalc.package.parallelism=N} (the Maven property of the same
     * name), or with 0, the default, one per processor, at most one per function.
     */
    static int parallelism() {
        int requested = Integer.getInteger("execalc.package.parallelism", 0);
        if (requested < 0) {
            throw new IllegalArgumentException("execalc.package.parallelism cannot be negative: " + requested);
        }
        int byDefault = Math.min(PackagedFunction.values().length, Runtime.getRuntime().availableProcessors());
        return requested == 0 ? byDefault : requested;
    }

    /**
     * An experiment, never deployed (the benchmarks' library costs): a zip of {@code functionsJar} whose handler is
     * {@code handler}, trained on the events and environment of {@code trainedAs}, written to {@code zip}.
     */
    public static void experiment(Path root, String handler, Path functionsJar, PackagedFunction trainedAs, Path zip,
                                  TrainingRun training) throws IOException, InterruptedException {
        Jdk25 jdk = Jdk25.require(System.getenv("JAVA25_HOME"), Jdk25.DEFAULT_JVM_ROOT, "");
        LambdaPackager packager = new LambdaPackager(root, jdk, root.resolve("packaging/target/lambda-experiments")
                .resolve(zip.getFileName().toString()));
        Inputs inputs = packager.prepare(functionsJar);
        PackageManifest manifest = new PackageManifest(trainedAs.functionName(), handler, jdk.architecture(),
                jdk.build(), jdk.implementor(), inputs.image().modules(), "experiment");
        packager.build(inputs, manifest, trainedAs, zip, training);
    }

    /** Stages, trains, zips, and proves the unpacked zip's cache maps (else deletes the zip and fails). */
    private void build(Inputs inputs, PackageManifest manifest, PackagedFunction trainedAs, Path zip,
                       TrainingRun training) throws IOException, InterruptedException {
        String name = zip.getFileName().toString().replace(".zip", "");
        Path stage = stage(name, inputs, manifest);
        training.train(trainedAs, manifest.handler(), stage, stage.resolve("aot/function.aot"),
                work.resolve(name + "-training.log"));
        Zips.write(stage, zip);
        // the zip as Lambda unpacks it, not the stage: what is deployed must map
        Path unpacked = work.resolve("check").resolve(name);
        Tools.deleteTree(unpacked);
        Zips.extract(zip, unpacked);
        try {
            training.requireCacheMaps(trainedAs, manifest.handler(), unpacked, work.resolve(name + "-check.log"));
        } catch (IllegalStateException doesNotMap) {
            Files.delete(zip);
            throw doesNotMap;
        }
        Tools.deleteTree(unpacked);
    }

    private static boolean upToDate(Path zip, PackageManifest manifest) {
        if (!Files.isRegularFile(zip)) {
            return false;
        }
        try {
            return PackageManifest.of(zip).equals(manifest);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private String eventsDigest(PackagedFunction function) {
        List<Path> events = new ArrayList<>();
        function.events().forEach(event -> events.add(root.resolve("events").resolve(event)));
        if (function == PackagedFunction.AUTHORIZER) {
            events.add(root.resolve("events/authorizer-request.json"));
        }
        return Tools.digest(events);
    }

    /** The task root of one function, as its zip will hold it. */
    private Path stage(String name, Inputs inputs, PackageManifest manifest) throws IOException {
        Path stage = work.resolve("stage").resolve(name);
        Tools.deleteTree(stage);
        Files.createDirectories(stage.resolve("jars"));
        Files.createDirectories(stage.resolve("aot"));
        Files.copy(inputs.bootstrap(), stage.resolve("bootstrap"));
        Files.setPosixFilePermissions(stage.resolve("bootstrap"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Tools.linkTree(inputs.image().home(), stage.resolve("runtime"));
        Files.copy(inputs.launcher(), stage.resolve("jars").resolve(LAUNCHER_JAR));
        Files.copy(inputs.functionsJar(), stage.resolve("jars").resolve(FUNCTIONS_JAR));
        Files.copy(inputs.ric(), stage.resolve("jars").resolve(RIC_JAR));
        Files.copy(inputs.serialization(), stage.resolve("jars").resolve(SERIALIZATION_JAR));
        Files.copy(inputs.jni(), stage.resolve("jars").resolve(JNI_LIBRARY));
        Files.writeString(stage.resolve(PackageManifest.FILE), manifest.text(), StandardCharsets.UTF_8);
        try (var files = Files.walk(stage)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FILE_TIME);
            }
        }
        return stage;
    }

    private static Path single(Path folder, String prefix) throws IOException {
        try (var files = Files.list(folder)) {
            List<Path> matches = files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
            if (matches.size() != 1) {
                throw new IllegalStateException("Expected one " + prefix + "*.jar in " + folder + ", found "
                        + matches + " (mvn prepare-package copies them)");
            }
            return matches.get(0);
        }
    }

    /** The launcher class alone in a jar: what the package's class path starts with. */
    private static Path launcherJar(Path jar) throws IOException {
        String entry = AotCheckedMain.class.getName().replace('.', '/') + ".class";
        try (InputStream in = LambdaPackager.class.getClassLoader().getResourceAsStream(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            if (in == null) {
                throw new IllegalStateException("Missing " + entry);
            }
            JarEntry jarEntry = new JarEntry(entry);
            jarEntry.setTime(0);
            out.putNextEntry(jarEntry);
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    /**
     * The runtime interface client's native library for this architecture (glibc: Amazon Linux 2023), taken out of
     * its jar so that the function loads it in place instead of copying it to /tmp at each start.
     *
     * @throws IllegalStateException when the jar has none for this architecture
     */
    private Path jniLibrary(Path ric, Path target) throws IOException {
        String name = "jni/libaws-lambda-jni.linux-" + (jdk.architecture().equals("arm64") ? "aarch_64" : "x86_64")
                + ".so";
        try (ZipFile jar = new ZipFile(ric.toFile())) {
            ZipEntry entry = jar.getEntry(name);
            if (entry == null) {
                throw new IllegalStateException(ric.getFileName() + " has no " + name + " for " + jdk.architecture());
            }
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static Path bootstrapScript(Path target) throws IOException {
        try (InputStream in = LambdaPackager.class.getResourceAsStream("bootstrap")) {
            if (in == null) {
                throw new IllegalStateException("Missing the bootstrap script resource");
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

}
