package dev.vmlab.scenario;

import dev.vmlab.BadInputException;
import dev.vmlab.machine.ElfImage;

/**
 * Turns a scenario's guest into a loadable image. The one place that knows how each kind of
 * guest is built.
 */
public final class Guests {
    private Guests() {}

    /**
     * The image {@code vm} boots in its mode: the mode's entry in {@code builds}, else its guest.
     * Errors point at the field that named the file.
     */
    public static ElfImage image(Scenario s, int vmIndex) {
        Vm vm = s.vms().get(vmIndex);
        Guest g = vm.guestFor(vm.mode());
        String base = "vms[" + vmIndex + "]";
        String path = vm.builds().containsKey(vm.mode()) ? base + ".builds." + vm.mode().label() : base + ".guest";
        if (g instanceof Guest.Elf elf) {
            try {
                return ElfImage.read(elf.path());
            } catch (BadInputException e) {
                throw new BadInputException(s.origin().at(path + ".elf") + ": " + e.getMessage(), e);
            }
        }
        return source((Guest.Source) g, s.origin(), path + ".source");
    }

    /** Assembles an assembly guest; its errors already point into the source, so they need no scenario position. */
    private static ElfImage source(Guest.Source src, Origin origin, String path) {
        return dev.vmlab.machine.GuestImages.load(src.path(), src.defines());
    }
}
