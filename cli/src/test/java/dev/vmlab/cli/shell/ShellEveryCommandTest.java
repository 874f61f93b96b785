package dev.vmlab.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.cli.render.Style;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A script that uses every shell command, on the three sample guests, gives exactly the
 * transcript in {@code every-command.out} (the host-time line aside), and the same transcript
 * on every run. To accept a deliberate change of output, run the test with
 * {@code -Dvmlab.updateGolden=true} and review the diff.
 */
class ShellEveryCommandTest {
    private static final Path DIR = Path.of("src/test/resources/shell");
    private static final Path SCRIPT = DIR.resolve("every-command.cmds"), GOLDEN = DIR.resolve("every-command.out");

    @Test
    void theScriptUsesEveryCommand() throws IOException {
        Commands commands = new Commands(new Session(System.out, System.err, Style.PLAIN, ShellRunner.ROOT,
            new GuestLoader.MachineSettings("vm0", "isa", "interp", 1 << 20, 64)));
        Set<String> used = Files.readAllLines(SCRIPT).stream().map(Commands::words).filter(w -> !w.isEmpty())
            .map(w -> commands.find(w.get(0)).name()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = commands.all().stream().map(Command::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, used, "commands the script does not use");
    }

    @Test
    void transcriptMatchesTheGoldenFile() throws IOException {
        ShellRunner.Result r = ShellRunner.transcript(Files.readString(SCRIPT));
        assertEquals(0, r.status(), r::toString);
        String got = ShellRunner.normalize(r.out());
        if (Boolean.getBoolean("vmlab.updateGolden")) Files.writeString(GOLDEN, got, StandardCharsets.UTF_8);
        assertEquals(Files.readString(GOLDEN), got);
    }

    @Test
    void theSameScriptGivesTheSameTranscriptEveryRun() throws IOException {
        String script = Files.readString(SCRIPT);
        String first = ShellRunner.normalize(ShellRunner.transcript(script).out());
        String second = ShellRunner.normalize(ShellRunner.transcript(script).out());
        assertEquals(first, second);
        assertTrue(first.contains("guest passed"), first);
    }
}
