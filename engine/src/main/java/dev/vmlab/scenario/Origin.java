package dev.vmlab.scenario;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a scenario was read from: the file as the user named it, the directory its relative
 * paths resolve against, and the position of every field, so that checks made after loading
 * (a mode that cannot run yet, a guest that fails to load) can still point at the line.
 *
 * @param file      the name errors start with, as the user gave it
 * @param directory what relative paths in the scenario are resolved against
 * @param positions {@code line:column} of each field's value by its path ({@code vms[0].mode})
 */
public record Origin(String file, Path directory, Map<String, String> positions) {
    public Origin {
        positions = Map.copyOf(positions);
    }

    /** {@code file:line:col} of the field at {@code path}, or just the file when it was not written. */
    public String at(String path) {
        String p = positions.get(path);
        return p == null ? file : file + ":" + p;
    }

    /** A one-line error about the field at {@code path}: {@code file:line:col: path: message}. */
    public String message(String path, String message) {
        return Fields.oneLine(at(path) + ": " + path + ": " + message);
    }
}
