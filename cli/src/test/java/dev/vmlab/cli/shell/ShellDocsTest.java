package dev.vmlab.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every {@code shell-session} block of docs/shell.md: the commands after the prompts
 * run as a script (standard output and error together, as a terminal shows them), and the
 * output must be the block itself, line for line, host times aside.
 */
class ShellDocsTest {
    /** A prompt as the shell echoes it: {@code vmlab> }, {@code vm0 isa M 0x80000000> }, {@code vm0 isa off> }. */
    static final Pattern PROMPT = Pattern.compile("^(vmlab|\\S+ \\S+ (?:[USM?] 0x[0-9a-f]+|off))> (.*)$");

    @TestFactory
    List<DynamicTest> everySessionInTheDocsReplaysExactly() throws IOException {
        List<String> doc = Files.readAllLines(ShellRunner.ROOT.resolve("docs/shell.md"));
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : doc) {
            if (current == null && line.equals("```shell-session")) {
                current = new ArrayList<>();
            } else if (current != null && line.equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        assertFalse(blocks.isEmpty(), "docs/shell.md shows no shell-session");
        List<DynamicTest> tests = new ArrayList<>();
        for (List<String> block : blocks) {
            Matcher first = PROMPT.matcher(block.get(0));
            String name = first.matches() ? first.group(2) : block.get(0);
            tests.add(DynamicTest.dynamicTest(name, () -> replay(block)));
        }
        return tests;
    }

    private static void replay(List<String> block) {
        StringBuilder script = new StringBuilder();
        for (String line : block) {
            Matcher m = PROMPT.matcher(line);
            if (m.matches()) script.append(m.group(2)).append('\n');
        }
        String shown = ShellRunner.normalize(String.join("\n", block) + "\n");
        String got = ShellRunner.normalize(ShellRunner.transcript(script.toString()).out());
        assertEquals(shown, got);
    }
}
