package dev.vmlab;

/**
 * Input the user gave us is wrong: a file that is missing or malformed, an option out of range.
 * The message is one precise line (with {@code file:line:col} where there is a position) and
 * the command line turns it into exit code 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
