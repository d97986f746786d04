package com.execalc.packaging;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What each zip holds, as the issue and Lambda's custom-runtime contract require. */
class LambdaPackagesTest {

    private static final long MAX_UNZIPPED_BYTES = 150_000_000L;

    private static final Jdk25 JDK = Jdk25.find().orElseThrow();

    @ParameterizedTest
    @EnumSource(PackagedFunction.class)
    void theManifest_shouldNameTheFunction_theBuildMachinesArchitecture_andTheJdkBuildItPacked(
            PackagedFunction function) {
        PackageManifest manifest = PackageManifest.of(Packages.zip(function));

        assertThat(manifest.function()).isEqualTo(function.functionName());
        assertThat(manifest.handler()).isEqualTo(function.handler());
        assertThat(manifest.architecture()).isEqualTo(JDK.architecture())
                .isEqualTo(Jdk25.lambdaArchitecture(System.getProperty("os.arch")));
        assertThat(manifest.jdkBuild()).isEqualTo(JDK.build());
        assertThat(manifest.modules()).contains("java.base").doesNotContainAnyElementsOf(RuntimeImage.OPTIONAL.keySet());
    }

    @ParameterizedTest
    @EnumSource(PackagedFunction.class)
    void theZip_shouldHoldAnExecutableBootstrap_andItsOwnJava_atTheRoot(PackagedFunction function) {
        Path root = Packages.taskRoot(function);

        assertThat(root.resolve("bootstrap")).isExecutable();
        assertThat(root.resolve("runtime/bin/java")).isExecutable();
        assertThat(root.resolve("aot/function.aot")).isRegularFile();
        assertThat(Zips.entries(Packages.zip(function))).contains("bootstrap", PackageManifest.FILE,
                "jars/" + LambdaPackager.FUNCTIONS_JAR, "jars/" + LambdaPackager.RIC_JAR,
                "jars/" + LambdaPackager.SERIALIZATION_JAR, "jars/" + LambdaPackager.LAUNCHER_JAR);
    }

    @ParameterizedTest
    @EnumSource(PackagedFunction.class)
    void theZip_shouldStayUnder150MbUnzipped(PackagedFunction function) {
        assertThat(Zips.unpackedSize(Packages.zip(function))).isLessThanOrEqualTo(MAX_UNZIPPED_BYTES);
    }

    @ParameterizedTest
    @EnumSource(PackagedFunction.class)
    void theRuntimeInterfaceClientsNativeLibrary_shouldBeTheOneForThisArchitecture(PackagedFunction function)
            throws IOException {
        Path library = Packages.taskRoot(function).resolve("jars/" + LambdaPackager.JNI_LIBRARY);
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(library)) {
            assertThat(in.readNBytes(header, 0, 20)).isEqualTo(20);
        }
        int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8;

        assertThat(new String(header, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ELF");
        assertThat(machine).isEqualTo(JDK.architecture().equals("arm64") ? 0xB7 : 0x3E);
    }

    /** The launcher tells a mapped cache by "sharing" in java.vm.info: only true when no other archive can map. */
    @ParameterizedTest
    @EnumSource(PackagedFunction.class)
    void theRuntimeImage_shouldHaveNoDefaultCdsArchive(PackagedFunction function) throws IOException {
        try (Stream<Path> files = Files.walk(Packages.taskRoot(function).resolve("runtime"))) {
            assertThat(files.map(Path::toString).filter(name -> name.endsWith(".jsa"))).isEmpty();
        }
    }
}
