package com.execalc.local;

import com.execalc.local.IsolationReport.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The isolation report: generated under {@code target/}, quoted in docs/ISOLATION.md with the run it comes from. */
class IsolationReportTest {

    private static String isolationDoc() throws IOException {
        return Files.readString(RepositoryRoot.find().resolve("docs/ISOLATION.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everySection_shouldBeQuotedInDocsIsolation_underALineNamingTheCommandCommitAndDayOfItsRun()
            throws IOException {
        String doc = isolationDoc();

        for (Section section : Section.values()) {
            assertThat(doc).as("the Figures line of %s", section)
                    .containsPattern("\\*Figures: `[^`]+` at [0-9a-f]{7,40}, \\d{4}-\\d{2}-\\d{2} \\(`"
                            + Pattern.quote(section.path()) + "`\\)\\.\\*");
        }
    }

    @Test
    void docsIsolation_shouldHoldNoMarkerOfASectionThatATestRunWrites() throws IOException {
        assertThat(isolationDoc()).doesNotContain("<!-- BEGIN").doesNotContain("<!-- END");
    }

    @Test
    void everySection_shouldBeWrittenUnderTarget() {
        for (Section section : Section.values()) {
            assertThat(section.path()).startsWith("local/target/isolation/").endsWith(".md");
        }
    }

    @Test
    void write_shouldReplaceTheWholeFile_andReadItBack(@TempDir Path folder) {
        Path file = folder.resolve("nested/section.md");

        IsolationReport.write(file, "first\n\n");
        IsolationReport.write(file, "  second  ");

        assertThat(IsolationReport.read(file)).contains("second\n");
        assertThat(IsolationReport.read(folder.resolve("absent.md"))).isEmpty();
    }
}
