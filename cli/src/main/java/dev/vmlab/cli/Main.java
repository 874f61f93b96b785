package dev.vmlab.cli;

/** Entry point: builds the command line and turns its outcome into an exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(0);
    }
}
