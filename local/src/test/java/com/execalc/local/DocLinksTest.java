package com.execalc.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the pages of {@code docs/} link only to what a fresh clone has: every relative link points to a file
 * inside the repository, and every {@code #anchor} into a Markdown page to one of its headings. Links to other sites
 * are left to those sites.
 */
class DocLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("^\\s*```");

    /** A link as written, in the page that holds it. */
    private record Link(Path page, String target) {
    }

    @Test
    void everyRelativeLink_shouldPointToAFileInsideTheRepository() throws IOException {
        Path root = RepositoryRoot.find();
        for (Link link : relativeLinks(root)) {
            String file = link.target().contains("#") ? link.target().substring(0, link.target().indexOf('#'))
                    : link.target();
            Path target = file.isEmpty() ? link.page() : link.page().getParent().resolve(file).normalize();

            String where = link.target() + " in " + root.relativize(link.page());
            assertThat(target.startsWith(root)).as("%s points inside the repository", where).isTrue();
            assertThat(target).as(where).exists();
        }
    }

    @Test
    void everyAnchor_shouldNameAHeadingOfThePageItPointsTo() throws IOException {
        Path root = RepositoryRoot.find();
        for (Link link : relativeLinks(root)) {
            int hash = link.target().indexOf('#');
            String file = hash < 0 ? link.target() : link.target().substring(0, hash);
            Path target = file.isEmpty() ? link.page() : link.page().getParent().resolve(file).normalize();
            if (hash < 0 || !target.toString().endsWith(".md") || !Files.exists(target)) {
                continue;
            }

            assertThat(anchorsOf(target)).as("%s in %s", link.target(), root.relativize(link.page()))
                    .contains(link.target().substring(hash + 1));
        }
    }

    @Test
    void theReadme_shouldLinkToTheMultiTenancyModel_inTheRepository() throws IOException {
        assertThat(relativeLinks(RepositoryRoot.find())).extracting(Link::target).contains("docs/MULTI-TENANCY.md");
    }

    /** The links of the README and docs/*.md that are not to another site, outside code blocks. */
    private static List<Link> relativeLinks(Path root) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(page -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Link> links = new ArrayList<>();
        for (Path page : pages) {
            boolean inCode = false;
            for (String line : Files.readAllLines(page)) {
                if (FENCE.matcher(line).find()) {
                    inCode = !inCode;
                    continue;
                }
                Matcher link = LINK.matcher(line);
                while (!inCode && link.find()) {
                    String target = link.group(1);
                    if (!target.matches("^[a-z]+:.*")) {
                        links.add(new Link(page, target));
                    }
                }
            }
        }
        return links;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as dashes. */
    private static List<String> anchorsOf(Path page) throws IOException {
        List<String> anchors = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(page)) {
            if (FENCE.matcher(line).find()) {
                inCode = !inCode;
            } else if (!inCode && line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
