package dev.vmlab.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every {@code ./vmlab} command shown in a {@code console} block of the README, from the
 * repository root, and checks that each output line the README shows is printed, in order
 * (standard output, then standard error, where traces and the summary go).
 */
class ReadmeExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Example(String command, List<String> shown) {}

    @TestFactory
    List<DynamicTest> readmeConsoleExamplesRunAsShown() throws IOException {
        List<Example> examples = examples(Files.readAllLines(ROOT.resolve("README.md")));
        assertFalse(examples.isEmpty(), "the README shows no runnable example");
        List<DynamicTest> tests = new ArrayList<>();
        for (Example ex : examples) {
            tests.add(DynamicTest.dynamicTest(ex.command(), () -> check(ex)));
        }
        return tests;
    }

    private static void check(Example ex) {
        String[] words = ex.command().trim().split("\\s+");
        assertEquals("./vmlab", words[0], "README console examples start with ./vmlab");
        String[] args = Arrays.stream(words).skip(1)
            .map(w -> w.startsWith("samples/") || w.startsWith("scenarios/") ? ROOT.resolve(w).toString() : w)
            .toArray(String[]::new);
        Vmlab.Result r = Vmlab.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        String all = r.out() + r.err();
        int from = 0;
        for (String line : ex.shown()) {
            int at = all.indexOf(line, from);
            assertTrue(at >= 0, "README line not printed (in order): '" + line + "'\n" + r);
            from = at + line.length();
        }
    }

    /** The commands of ```console blocks and the output lines shown under each. */
    static List<Example> examples(List<String> readme) {
        List<Example> out = new ArrayList<>();
        boolean inConsole = false;
        String cmd = null;
        List<String> shown = new ArrayList<>();
        for (String line : readme) {
            if (line.startsWith("```")) {
                if (inConsole && cmd != null) out.add(new Example(cmd, List.copyOf(shown)));
                inConsole = !inConsole && line.equals("```console");
                cmd = null;
                shown.clear();
            } else if (inConsole && line.startsWith("$ ")) {
                if (cmd != null) out.add(new Example(cmd, List.copyOf(shown)));
                cmd = line.substring(2);
                shown.clear();
            } else if (inConsole && !line.isBlank()) {
                shown.add(line.strip());
            }
        }
        return out;
    }
}
