package dev.vmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the {@code ./vmlab} commands of docs/scenario-format.md's {@code console} blocks and
 * checks that every line shown there is printed exactly, in order: the grading report the page
 * shows is the one vmlab prints.
 */
class ScenarioFormatConsoleTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TestFactory
    List<DynamicTest> consoleExamplesPrintWhatThePageShows() throws IOException {
        var examples = ReadmeExamplesTest.examples(Files.readAllLines(ROOT.resolve("docs/scenario-format.md")));
        assertFalse(examples.isEmpty());
        List<DynamicTest> tests = new ArrayList<>();
        for (var ex : examples) tests.add(DynamicTest.dynamicTest(ex.command(), () -> check(ex)));
        return tests;
    }

    private static void check(ReadmeExamplesTest.Example ex) {
        String[] words = ex.command().trim().split("\\s+");
        assertEquals("./vmlab", words[0]);
        // Tests run in cli/: the page's paths are relative to the repository root.
        String[] args = Arrays.stream(words).skip(1)
            .map(w -> w.startsWith("scenarios/") || w.startsWith("samples/") ? "../" + w : w).toArray(String[]::new);
        Vmlab.Result r = Vmlab.run(args);
        List<String> printed = (r.out() + r.err()).replace("../scenarios/", "scenarios/").lines().map(String::strip).toList();
        int from = 0;
        for (String line : ex.shown()) {
            int at = printed.subList(from, printed.size()).indexOf(line);
            assertTrue(at >= 0, "line not printed (in order): '" + line + "'\n" + r);
            from += at + 1;
        }
    }
}
