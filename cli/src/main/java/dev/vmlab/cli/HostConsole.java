package dev.vmlab.cli;

import dev.vmlab.device.Console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The UART's host side on the process's standard streams. Output is buffered and flushed when
 * the guest pauses or writes a newline, so long outputs stay fast and interactive ones prompt.
 *
 * <p>Input from a keyboard is read by a daemon thread into a queue, so the guest never blocks
 * the simulator. Input from a pipe or file is read synchronously, only when the UART polls (at
 * fixed retired-instruction counts) and only what is already there, so a scripted session gets
 * its bytes at the same points on every run; it blocks only when the guest is idle and nothing
 * but input can wake it.
 */
final class HostConsole implements Console, AutoCloseable {
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int used;
    private final InputStream in;
    private final boolean threaded;
    private final BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(1 << 16);
    private volatile boolean eof;
    /** A byte taken while waiting for input, handed out before anything else. */
    private int held = -1;

    /** @param interactive input is a keyboard (read by a thread) rather than a pipe or file */
    HostConsole(InputStream in, OutputStream out, boolean interactive) {
        this.in = in;
        this.out = out;
        this.threaded = interactive;
        if (interactive) {
            Thread reader = new Thread(this::pump, "vmlab-console-input");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void pump() {
        try {
            int b;
            while ((b = in.read()) >= 0) queue.put(b);
        } catch (IOException e) {
            // Input ended abnormally (closed terminal): treat it as the end of input.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eof = true;
    }

    @Override
    public void write(int b) {
        buf[used++] = (byte) b;
        if (used == buf.length || b == '\n') flush();
    }

    @Override
    public int read() {
        if (held >= 0) {
            int b = held;
            held = -1;
            return b;
        }
        if (threaded) {
            Integer b = queue.poll();
            return b == null ? -1 : b;
        }
        try {
            return !eof && in.available() > 0 ? in.read() : -1;
        } catch (IOException e) {
            eof = true;
            return -1;
        }
    }

    @Override
    public boolean inputClosed() {
        return eof && held < 0 && queue.isEmpty();
    }

    @Override
    public void awaitInput(long millis) {
        if (held >= 0) return;
        if (threaded) {
            try {
                Integer b = queue.poll(millis, TimeUnit.MILLISECONDS);
                if (b != null) held = b;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (eof) return;
        try {
            held = in.read(); // the guest can only be woken by input: blocking is fine
            if (held < 0) eof = true;
        } catch (IOException e) {
            eof = true;
        }
    }

    @Override
    public void flush() {
        if (used == 0) return;
        try {
            out.write(buf, 0, used);
            out.flush();
        } catch (IOException e) {
            // The reader went away (a closed pipe); the guest's output has nowhere to go.
        }
        used = 0;
    }

    @Override
    public void close() {
        flush();
    }
}
