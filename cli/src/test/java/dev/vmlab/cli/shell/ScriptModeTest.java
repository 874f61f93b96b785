package dev.vmlab.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Script mode through the real command line: {@code vmlab shell --script F}, {@code vmlab
 * shell < F} and {@code vmlab < F} print the same thing; commands are echoed after their
 * prompt; a failing command prints one line and the script goes on; the exit status is the
 * worst outcome.
 */
class ScriptModeTest {
    @TempDir
    Path dir;

    private static final String HELLO = ShellRunner.ROOT.resolve("samples/shell/hello.elf").toString();
    private static final String TRAPS = ShellRunner.ROOT.resolve("samples/shell/traps.elf").toString();

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String session() {
        return String.join("\n", "# a comment, not echoed", "load " + HELLO, "", "break next", "continue",
            "stpe", "regs a0 s0", "step 2", "continue   # comment after a command", "quit") + "\n";
    }

    @Test
    void scriptFileAndPipeGiveTheSameOutput() throws IOException {
        Path f = write("lab.cmds", session());
        ShellRunner.Result byFile = ShellRunner.cli("", "shell", "--script", f.toString());
        ShellRunner.Result byPipe = ShellRunner.cli(session(), "shell");
        ShellRunner.Result bare = ShellRunner.cli(session());
        assertEquals(byFile.out(), byPipe.out());
        assertEquals(byFile.err(), byPipe.err());
        assertEquals(byFile.status(), byPipe.status());
        assertEquals(byFile.out(), bare.out(), "vmlab with no command is the shell");
        assertEquals(byFile.err(), bare.err());
        assertEquals(2, byFile.status(), byFile::toString);
        assertEquals(List.of("error: unknown command 'stpe' (did you mean step?); help lists the commands"),
            byFile.err().lines().toList());
    }

    @Test
    void commandsAreEchoedAfterTheirPromptAndCommentsAreNot() {
        ShellRunner.Result r = ShellRunner.cli(session(), "shell");
        List<String> lines = r.out().lines().toList();
        assertEquals("vmlab> load " + HELLO, lines.get(0));
        assertTrue(lines.contains("vm0 isa M 0x80000000> break next"), r::toString);
        assertTrue(lines.contains("vm0 isa M 0x80000018> continue   # comment after a command"), r::toString);
        assertFalse(r.out().contains("a comment, not echoed"), r::toString);
        assertTrue(r.out().contains("breakpoint 1 at 0x0000000080000012 <next>, retired 13"), r::toString);
    }

    @Test
    void noEchoLeavesOnlyTheOutput() {
        ShellRunner.Result r = ShellRunner.cli("load " + HELLO + "\nregs a1\n", "shell", "--no-echo");
        assertEquals(0, r.status(), r::toString);
        assertEquals("loaded " + HELLO + ": entry 0x0000000080000000 <_start>, 1 segment, 15 symbols\n"
            + "a1   0x0000000087e00000\n", r.out());
    }

    @Test
    void aGuestGivenOnTheCommandLineIsLoadedFirst() {
        ShellRunner.Result r = ShellRunner.cli("regs pc\n", "shell", HELLO);
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("vmlab> load " + HELLO + "\nloaded "), r::toString);
        assertTrue(r.out().contains("pc   0x0000000080000000 <_start>"), r::toString);
    }

    @Test
    void aFailingCommandDoesNotEndTheScript() {
        ShellRunner.Result r = ShellRunner.script("regs\nload samples/shell/hello.elf\nmem 0 4\nstep\n");
        assertEquals(2, r.status(), r::toString);
        assertEquals(2, r.err().lines().count(), r::toString);
        assertTrue(r.out().contains("insn  0x0000000080000000"), "the step after the errors ran\n" + r);
    }

    @Test
    void stopOnErrorEndsAtTheFirstFailure() {
        ShellRunner.Result r = ShellRunner.script("regs\nload samples/shell/hello.elf\n", ShellRunner.options(true));
        assertEquals(2, r.status(), r::toString);
        assertEquals("vmlab> regs\n", r.out());
        assertEquals("error: no guest loaded; use: load <file.elf>\n", r.err());
    }

    @Test
    void aGuestFailureMakesTheStatusOneAndBadInputTwo() throws IOException {
        Path fails = TinyElf.write(dir.resolve("fails.elf"), TinyElf.FAILS);
        ShellRunner.Result r = ShellRunner.script("load " + fails + "\ncontinue\nregs\n");
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.out().contains("guest reported failure (code 1), retired 4"), r::toString);
        assertEquals("", r.err());
        ShellRunner.Result worse = ShellRunner.script("load " + fails + "\ncontinue\nbogus\n");
        assertEquals(2, worse.status(), "bad input outranks a guest failure\n" + worse);
        ShellRunner.Result pass = ShellRunner.script("load samples/shell/traps.elf\ncontinue\n");
        assertEquals(0, pass.status(), pass::toString);
    }

    @Test
    void aPoweredOffGuestMustBeResetToRunAgain() {
        ShellRunner.Result r = ShellRunner.script("load samples/shell/hello.elf\ncontinue\ncontinue\nstep\nreset\nstep\n");
        assertEquals(List.of("error: the guest has powered off; use reset to boot it again",
            "error: the guest has powered off; use reset to boot it again"), r.err().lines().toList());
        assertTrue(r.out().contains("vm0 isa off> reset\nreset: samples/shell/hello.elf booted again"), r::toString);
    }

    @Test
    void quitWithAStatusExitsWithIt() {
        assertEquals(7, ShellRunner.script("quit 7\nregs\n").status());
        ShellRunner.Result r = ShellRunner.script("quit 300\n");
        assertEquals(2, r.status());
        assertEquals("error: quit: status '300' must be a number from 0 to 255\n", r.err());
    }

    @Test
    void aMissingScriptFileIsBadInput() {
        ShellRunner.Result r = ShellRunner.cli("", "shell", "--script", dir.resolve("nope.cmds").toString());
        assertEquals(2, r.status());
        assertEquals("vmlab: " + dir.resolve("nope.cmds") + ": no such script file\n", r.err());
    }
}
