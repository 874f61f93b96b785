package dev.vmlab.scenario;

import java.nio.file.Path;
import java.util.Map;

/** The program a VM boots: a ready ELF file, or an assembly source that vmlab builds. */
public sealed interface Guest permits Guest.Elf, Guest.Source {
    /** The file, resolved against the scenario's directory. */
    Path path();

    /** A RISC-V ELF executable from any toolchain. */
    record Elf(Path path) implements Guest {}

    /**
     * An assembly source ({@code .s}) for vmlab's assembler.
     *
     * @param defines symbols defined before assembly, for conditional builds ({@code PARA = 1}),
     *                as the assembler's {@code -D NAME=VALUE} takes them
     */
    record Source(Path path, Map<String, Long> defines) implements Guest {
        public Source {
            defines = Map.copyOf(defines);
        }
    }
}
