package dev.vmlab.cli.shell;

import dev.vmlab.cli.render.Style;
import dev.vmlab.hart.Hart;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Drives a shell session command by command and exposes the hart, for tests that check state exactly. */
final class Driver {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    final Session session;
    final Commands commands;

    Driver() {
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        session = new Session(out, out, Style.PLAIN, ShellRunner.ROOT,
            new GuestLoader.MachineSettings("vm0", "isa", "interp", 128L << 20, 64));
        commands = new Commands(session);
    }

    /** Runs one command and returns what it printed. */
    String run(String line) {
        buf.reset();
        commands.execute(line);
        session.endOutput();
        return buf.toString(StandardCharsets.UTF_8);
    }

    Hart hart() { return session.machine().hart; }

    long symbol(String name) { return session.symbols().address(name).orElseThrow(); }
}
