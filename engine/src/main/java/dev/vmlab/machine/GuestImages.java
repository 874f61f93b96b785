package dev.vmlab.machine;

import dev.vmlab.BadInputException;
import dev.vmlab.asm.Assembler;
import dev.vmlab.asm.Assembly;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A guest from a file, whatever its kind: an ELF executable is read as it is; an assembly
 * source ({@code .s}, {@code .S}, {@code .asm}) is assembled in memory first, so a classroom can
 * run its sources without a cross toolchain.
 */
public final class GuestImages {
    private GuestImages() {}

    public static ElfImage load(Path file) {
        return load(file, Map.of());
    }

    /**
     * @param defines symbols for the assembler ({@code -D NAME=VALUE}); must be empty for an ELF
     * @throws BadInputException for a bad file, including every assembly error
     *                           ({@link dev.vmlab.asm.AsmException})
     */
    public static ElfImage load(Path file, Map<String, Long> defines) {
        return load(file, defines, note -> { });
    }

    /** As {@link #load(Path, Map)}, passing the assembler's notes (remarks that are not errors) to {@code notes}. */
    public static ElfImage load(Path file, Map<String, Long> defines, Consumer<String> notes) {
        if (!Assembler.isSource(file)) {
            if (!defines.isEmpty()) {
                throw new BadInputException(file + ": -D " + defines.keySet().iterator().next()
                    + " applies to assembly sources (.s, .S), not to an ELF file");
            }
            return ElfImage.read(file);
        }
        Assembly a = Assembler.assemble(file, defines);
        a.notes().forEach(notes);
        return ElfImage.parse(file.toString(), a.elf());
    }
}
