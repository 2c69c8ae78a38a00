package io.sluice.fdtable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The protocol document (package-info.java) and the code name the same step IDs: every step documented is
 * implemented with its ID in a comment, and no code comment names a step the document lacks.
 */
class ProtocolDocTest {

    private static final Pattern STEP = Pattern.compile("\\b(INS|DEL|ORPH|TAKE|UPD)-[0-9]+a?\\b");
    private static final Path SRC = Path.of("src/main/java/io/sluice/fdtable");

    private static Set<String> steps(String text) {
        Set<String> ids = new TreeSet<>();
        Matcher m = STEP.matcher(text);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    @Test
    void documentAndCodeNameTheSameSteps() throws IOException {
        Set<String> doc = steps(Files.readString(SRC.resolve("package-info.java")));
        Set<String> code = new TreeSet<>();
        try (Stream<Path> files = Files.list(SRC)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!p.getFileName().toString().equals("package-info.java")) {
                    code.addAll(steps(Files.readString(p)));
                }
            }
        }
        assertThat(doc).as("step IDs of package-info.java").hasSizeGreaterThan(40);
        assertThat(code).as("step IDs named in the code").isEqualTo(doc);
    }
}
