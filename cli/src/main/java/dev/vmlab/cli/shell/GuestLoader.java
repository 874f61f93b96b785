package dev.vmlab.cli.shell;

import dev.vmlab.BadInputException;
import dev.vmlab.machine.ElfImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code load} accepts, decided in this one place: an ELF executable, an assembly
 * source, or a scenario. Each kind turns a file into a {@link Guest} (an image and the
 * machine to boot it on), so supporting a new kind is one method here and nothing else.
 */
final class GuestLoader {
    /** How the machine for a guest is built; a scenario may choose these, an ELF takes the shell's defaults. */
    record MachineSettings(String vm, String mode, String engine, long ramBytes, int tlbEntries) {}

    /** A loaded guest: what {@code reset} boots again without reading the file again. */
    record Guest(String name, ElfImage image, MachineSettings settings) {}

    private GuestLoader() {}

    /**
     * @param file     the file, resolved against the shell's working directory
     * @param shown    the path as the user typed it, for messages
     * @param defaults the shell's machine settings
     */
    static Guest load(Path file, String shown, MachineSettings defaults) {
        if (Files.isDirectory(file)) throw new BadInputException(shown + ": is a directory; load takes a file");
        if (!Files.exists(file)) throw new BadInputException(shown + ": no such file");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) return scenario(file, shown, defaults);
        if (name.endsWith(".s")) return assembly(file, shown, defaults);
        return elf(file, shown, defaults);
    }

    private static Guest elf(Path file, String shown, MachineSettings defaults) {
        // ElfImage names the file by the path it reads; messages should show the user's path.
        ElfImage image;
        try {
            image = ElfImage.read(file);
        } catch (BadInputException e) {
            String m = e.getMessage(), full = file.toString();
            throw m.startsWith(full) ? new BadInputException(shown + m.substring(full.length()), e) : e;
        }
        if (!image.name().equals(shown)) {
            try {
                image = ElfImage.parse(shown, Files.readAllBytes(file));
            } catch (java.io.IOException e) {
                throw new BadInputException(shown + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        return new Guest(shown, image, defaults);
    }

    /** Assembly sources arrive with vmlab's assembler; until then, say so. */
    private static Guest assembly(Path file, String shown, MachineSettings defaults) {
        throw new BadInputException(shown + ": assembly sources need vmlab's assembler, which this version does not "
            + "have yet; assemble it with a RISC-V toolchain and load the ELF");
    }

    /** Scenario files arrive with the scenario package (dev.vmlab.scenario); until then, say so. */
    private static Guest scenario(Path file, String shown, MachineSettings defaults) {
        throw new BadInputException(shown + ": scenario files are not supported by this version of the shell; "
            + "load the guest ELF");
    }
}
