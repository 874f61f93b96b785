package dev.vmlab.cli;

import dev.vmlab.device.Console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The UART's host side on the process's standard streams. Input is read by a daemon thread into
 * a queue, so the guest never blocks the simulator; the UART takes bytes from the queue only at
 * its deterministic polling points. Output is buffered and flushed when the guest pauses or
 * writes a newline, so long outputs stay fast and interactive ones stay prompt.
 */
final class HostConsole implements Console, AutoCloseable {
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int used;
    private final BlockingQueue<Integer> input = new ArrayBlockingQueue<>(1 << 16);
    private volatile boolean eof;
    private long bytesOut;

    HostConsole(InputStream in, OutputStream out, boolean readInput) {
        this.out = out;
        if (readInput) {
            Thread reader = new Thread(() -> pump(in), "vmlab-console-input");
            reader.setDaemon(true);
            reader.start();
        } else {
            eof = true;
        }
    }

    private void pump(InputStream in) {
        try {
            int b;
            while ((b = in.read()) >= 0) input.put(b);
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
        bytesOut++;
        if (used == buf.length || b == '\n') flush();
    }

    @Override
    public int read() {
        Integer b = input.poll();
        return b == null ? -1 : b;
    }

    @Override
    public boolean inputClosed() {
        return eof && input.isEmpty();
    }

    long bytesOut() { return bytesOut; }

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
