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

    /** An assembly source, assembled by vmlab (its errors point into the source). */
    private static Guest assembly(Path file, String shown, MachineSettings defaults) {
        return new Guest(shown, dev.vmlab.machine.GuestImages.load(file, java.util.Map.of()), defaults);
    }

    /**
     * A scenario: its first VM's guest, on a machine with that VM's settings (its expectations
     * are for {@code vmlab check}). Scenarios that this version cannot run are refused as
     * {@code vmlab run} refuses them.
     */
    private static Guest scenario(Path file, String shown, MachineSettings defaults) {
        dev.vmlab.scenario.Scenario s = dev.vmlab.scenario.ScenarioLoader.load(file);
        dev.vmlab.scenario.ScenarioRunner.checkRunnable(s);
        dev.vmlab.scenario.Vm vm = s.vms().get(0);
        MachineSettings settings = new MachineSettings(vm.name(), vm.mode().label(), vm.engine().label(), vm.memory(),
            vm.tlbEntries());
        return new Guest(shown, dev.vmlab.scenario.Guests.image(s, 0), settings);
    }
}
