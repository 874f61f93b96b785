package dev.vmlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bad-input examples of docs/machine.md are produced, message for message, by the inputs
 * they describe (file names in the doc are relative; the test's files live in a temp folder).
 */
class MachineDocErrorsTest {
    @TempDir
    Path dir;

    @Test
    void everyDocumentedBadInputMessageIsWhatVmlabPrints() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "lab notes\n");
        Path x86 = write("a.out", ElfWriter.program(new byte[] {0x13, 0, 0, 0}).machine(62).bytes());
        Path outside = write("guest.elf", ElfWriter.program(new byte[0])
            .segment(0x9000_0000L, new byte[0x1000], 0x1000).bytes());
        Path hello = Path.of("..", "samples", "hello", "hello.elf").toAbsolutePath();
        Path disk = write("fs.img", new byte[1000]);

        List<String> seen = new ArrayList<>();
        seen.add(err("run", dir.resolve("kernel").toString()));
        seen.add(err("run", notes.toString()));
        seen.add(err("run", x86.toString()));
        seen.add(err("run", outside.toString()));
        seen.add(err("run", "--disk", disk.toString(), hello.toString()));
        seen.add(err("run", "--trace", "foo", hello.toString()));

        assertEquals(documented(), seen);
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    /** Runs vmlab, expects exit 2, and returns its one stderr line with the temp folder removed. */
    private String err(String... args) {
        Vmlab.Result r = Vmlab.run(args);
        assertEquals(2, r.exitCode(), r.toString());
        return r.err().strip().replace(dir.toString() + "/", "");
    }

    /** The lines of the ```text block under "## Bad input" in docs/machine.md. */
    private static List<String> documented() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "machine.md"));
        int at = lines.indexOf("## Bad input");
        while (!lines.get(at).equals("```text")) at++;
        List<String> out = new ArrayList<>();
        for (at++; !lines.get(at).equals("```"); at++) out.add(lines.get(at));
        return out;
    }
}
