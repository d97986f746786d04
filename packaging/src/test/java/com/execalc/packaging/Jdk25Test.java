package com.execalc.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the build and the CDK app look for a JDK 25, and what they say when there is none. */
class Jdk25Test {

    @TempDir
    Path jvms;

    private Path fakeJdk(String name, String version, String arch) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path jlink = Files.createFile(home.resolve("bin/jlink"));
        Files.setPosixFilePermissions(jlink, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"" + version
                + "+1\"\nJAVA_VERSION=\"" + version + "\"\nOS_ARCH=\"" + arch + "\"\n");
        return home;
    }

    @Test
    void find_shouldTakeTheFirstJdk25UnderTheJvmFolder_andSkipOtherVersions() throws IOException {
        fakeJdk("a-jdk-17", "17.0.9", "x86_64");
        fakeJdk("b-jdk-25", "25.0.1", "aarch64");

        Jdk25 found = Jdk25.find(null, jvms).orElseThrow();

        assertThat(found.home()).isEqualTo(jvms.resolve("b-jdk-25"));
        assertThat(found.build()).isEqualTo("25.0.1+1");
        assertThat(found.architecture()).isEqualTo("arm64");
    }

    @Test
    void find_shouldPreferJava25Home_overTheJvmFolder() throws IOException {
        fakeJdk("b-jdk-25", "25.0.1", "x86_64");
        Path chosen = fakeJdk("elsewhere", "25.0.3", "x86_64");

        assertThat(Jdk25.find(chosen.toString(), jvms).orElseThrow().home()).isEqualTo(chosen);
    }

    @Test
    void aJava25HomeThatIsNotAJdk25_shouldFail_insteadOfFallingBack() throws IOException {
        fakeJdk("b-jdk-25", "25.0.1", "x86_64");
        Path seventeen = fakeJdk("jdk-17", "17.0.9", "x86_64");

        assertThatThrownBy(() -> Jdk25.find(seventeen.toString(), jvms))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not a JDK 25");
    }

    @Test
    void require_withoutAnyJdk25_shouldSayWhereItLooked_andWhatTheAlternativeIs() throws IOException {
        fakeJdk("jdk-17", "17.0.9", "x86_64");

        assertThatThrownBy(() -> Jdk25.require(null, jvms, "Or deploy with -c runtime=managed."))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JAVA25_HOME")
                .hasMessageContaining(jvms.toString())
                .hasMessageContaining("-c runtime=managed");
    }

    @Test
    void find_inAFolderThatDoesNotExist_shouldFindNothing() {
        assertThat(Jdk25.find("", jvms.resolve("missing"))).isEmpty();
    }
}
