package com.execalc.packaging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The manifest each zip carries. */
class PackageManifestTest {

    private final PackageManifest manifest = new PackageManifest("tenant-api", "com.execalc.api.TenantApiHandler",
            "x86_64", "25.0.3+9-LTS", "Eclipse Adoptium", List.of("java.base", "java.xml"), "abc123");

    @Test
    void itsText_shouldReadBackAsTheSameManifest() {
        assertThat(PackageManifest.parse(manifest.text())).isEqualTo(manifest);
    }

    @Test
    void itsText_shouldCarryNoTimestamp_sothatTheSameInputsGiveTheSameBytes() {
        assertThat(manifest.text()).isEqualTo(new PackageManifest("tenant-api", "com.execalc.api.TenantApiHandler",
                "x86_64", "25.0.3+9-LTS", "Eclipse Adoptium", List.of("java.base", "java.xml"), "abc123").text());
        assertThat(manifest.text().lines().filter(line -> line.startsWith("#"))).hasSize(1);
    }

    @Test
    void aManifestWithoutTheJdkBuild_shouldBeRefused() {
        String text = manifest.text().lines().filter(line -> !line.startsWith("jdk.build"))
                .reduce("", (all, line) -> all + line + "\n");

        assertThatThrownBy(() -> PackageManifest.parse(text)).hasMessageContaining("jdk.build");
    }
}
