package com.execalc.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Zips that keep Unix permissions and modification times: Lambda runs {@code bootstrap} and {@code runtime/bin/java}
 * only if the zip marks them executable, which {@link java.util.zip.ZipOutputStream} cannot do, and the JVM maps an
 * AOT cache only if the jars' modification times are the ones it was trained with. The JDK's zip file system writes
 * both (the time as an extended timestamp, exact and in UTC, besides the DOS time).
 */
public final class Zips {

    private Zips() {
    }

    /** Writes every file under {@code directory} into a new {@code zip}, with its permissions, in name order. */
    public static void write(Path directory, Path zip) {
        try {
            Files.deleteIfExists(zip);
            Files.createDirectories(zip.getParent());
            try (FileSystem out = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                    Map.of("create", "true", "enablePosixFileAttributes", "true"));
                 Stream<Path> walk = Files.walk(directory)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    Path entry = out.getPath("/" + directory.relativize(file).toString().replace('\\', '/'));
                    if (entry.getParent() != null) {
                        Files.createDirectories(entry.getParent());
                    }
                    Files.copy(file, entry);
                    Files.getFileAttributeView(entry, PosixFileAttributeView.class)
                            .setPermissions(Files.getPosixFilePermissions(file));
                    Files.setLastModifiedTime(entry, Files.getLastModifiedTime(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + zip, e);
        }
    }

    /** Unpacks {@code zip} into {@code directory} as Lambda does, permissions and modification times included. */
    public static void extract(Path zip, Path directory) {
        try (FileSystem in = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                Map.of("enablePosixFileAttributes", "true"));
             Stream<Path> walk = Files.walk(in.getPath("/"))) {
            for (Path entry : walk.filter(Files::isRegularFile).toList()) {
                Path file = directory.resolve(entry.toString().substring(1));
                Files.createDirectories(file.getParent());
                Files.copy(entry, file);
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(entry);
                Files.setPosixFilePermissions(file, permissions);
                Files.setLastModifiedTime(file, Files.getLastModifiedTime(entry));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + zip, e);
        }
    }

    /** The total size of the files under {@code directory}: a package's unzipped size. */
    public static long unpackedSize(Path zip) {
        try (FileSystem in = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of());
             Stream<Path> walk = Files.walk(in.getPath("/"))) {
            long total = 0;
            for (Path entry : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(entry);
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + zip, e);
        }
    }

    /** The names of the entries of {@code zip}. */
    public static List<String> entries(Path zip) {
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            return file.stream().map(java.util.zip.ZipEntry::getName).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + zip, e);
        }
    }
}
