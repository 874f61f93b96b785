package dev.vmlab.cli;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The user's terminal in raw mode while a guest owns the console: keys go to the guest as
 * typed (no line editing, no local echo: the guest echoes), and Ctrl-C still reaches vmlab as
 * a signal so it can stop the guest and print its summary. Restored on close.
 */
final class RawTerminal implements AutoCloseable {
    private final Terminal terminal;
    private final Attributes saved;

    private RawTerminal(Terminal terminal, Attributes saved) {
        this.terminal = terminal;
        this.saved = saved;
    }

    /** Raw mode on the process's terminal, or null when standard input is not a terminal. */
    static RawTerminal openIfInteractive() {
        if (System.console() == null) return null;
        try {
            // nativeSignals(false): leave SIGINT to the JVM, whose shutdown hook stops the guest.
            Terminal t = TerminalBuilder.builder().system(true).nativeSignals(false).build();
            Attributes saved = t.enterRawMode();
            Attributes raw = t.getAttributes();
            raw.setLocalFlag(Attributes.LocalFlag.ISIG, true); // keep Ctrl-C as a signal
            t.setAttributes(raw);
            return new RawTerminal(t, saved);
        } catch (IOException | RuntimeException e) {
            return null; // not a usable terminal: fall back to the plain streams
        }
    }

    /** The keyboard as UTF-8 bytes. */
    InputStream input() {
        return new InputStream() {
            private byte[] pending = new byte[0];
            private int at;

            @Override
            public int read() throws IOException {
                while (at >= pending.length) {
                    int c = terminal.reader().read();
                    if (c < 0) return -1;
                    pending = String.valueOf((char) c).getBytes(StandardCharsets.UTF_8);
                    at = 0;
                }
                return pending[at++] & 0xff;
            }
        };
    }

    @Override
    public void close() {
        try {
            terminal.setAttributes(saved);
            terminal.close();
        } catch (IOException e) {
            // the terminal went away; nothing left to restore
        }
    }
}
