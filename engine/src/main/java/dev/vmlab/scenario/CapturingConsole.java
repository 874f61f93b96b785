package dev.vmlab.scenario;

import dev.vmlab.device.Console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The UART's host side for a scenario run: scripted input and captured output.
 *
 * <p>Input comes from the scenario's {@code input} text, all of it available from the start;
 * the UART pulls it only at its deterministic polling points, so the guest sees each byte at
 * the same instruction count on every run. When the scenario has no input, input comes from
 * {@code host} (a terminal), or there is none.
 *
 * <p>Output is kept up to a bound, for grading, and passed on to {@code host} when there is one.
 */
public final class CapturingConsole implements Console {
    /** Output kept for grading; a guest that prints more is graded on its first megabyte. */
    public static final int DEFAULT_CAPTURE = 1 << 20;

    private final byte[] input;
    private int inputPos;
    private final Console host;
    private final int captureLimit;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private long bytesOut;

    /**
     * @param input        scripted input, or null to read from {@code host}
     * @param host         where output also goes and, without scripted input, where input comes from; may be null
     * @param captureLimit bytes of output to keep (0 keeps none)
     */
    public CapturingConsole(String input, Console host, int captureLimit) {
        this.input = input == null ? null : input.getBytes(StandardCharsets.UTF_8);
        this.host = host;
        this.captureLimit = captureLimit;
    }

    @Override
    public void write(int b) {
        bytesOut++;
        if (captured.size() < captureLimit) captured.write(b);
        if (host != null) host.write(b);
    }

    @Override
    public int read() {
        if (input != null) return inputPos < input.length ? input[inputPos++] & 0xff : -1;
        return host != null ? host.read() : -1;
    }

    @Override
    public boolean inputClosed() {
        if (input != null) return inputPos >= input.length;
        return host == null || host.inputClosed();
    }

    /** Scripted input is all there from the start, so only a host's input is worth waiting for. */
    @Override
    public void awaitInput(long millis) {
        if (input == null && host != null) host.awaitInput(millis);
    }

    @Override
    public void flush() {
        if (host != null) host.flush();
    }

    /** Everything the guest wrote, as far as it was kept, decoded as UTF-8. */
    public String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** True when the guest wrote more than was kept. */
    public boolean truncated() {
        return bytesOut > captured.size();
    }

    public long bytesOut() { return bytesOut; }
}
