package dev.vmlab.cli;

import dev.vmlab.BadInputException;
import dev.vmlab.asm.Assembler;
import dev.vmlab.asm.Assembly;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vmlab asm}: assembles a source into a linked ELF executable. */
@Command(name = "asm", mixinStandardHelpOptions = true,
    description = {"Assemble a RISC-V source (GNU as syntax: RV64IMA, Zicsr, Zifencei, privileged and H instructions) "
        + "into a linked ELF executable: .text at the base address, then .rodata, .data and .bss, each on a 4 KiB boundary.",
        "See docs/assembler.md."},
    footer = {"", "Errors are printed as file:line:col: message, the source line and a caret.",
        "Exit status: 0 assembled, 2 bad input (any assembly error), 3 internal error."})
public final class AsmCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SOURCE", description = "The assembly source (.s, .S).")
    Path source;

    @Option(names = "-o", paramLabel = "OUT", description = "The ELF file to write (default: SOURCE with .elf in place of its extension).")
    Path output;

    @Option(names = "-D", paramLabel = "NAME[=VALUE]",
        description = "Define a symbol visible to .ifdef and expressions (default value 1); may be repeated.")
    List<String> defines = new ArrayList<>();

    @Option(names = "--text-base", paramLabel = "ADDR", defaultValue = "0x80000000",
        description = "Address of .text, a multiple of 4 KiB (default ${DEFAULT-VALUE}).")
    String textBase;

    @Override
    public Integer call() {
        long base = Sizes.address(textBase, "--text-base");
        Path out = output != null ? output : defaultOutput(source);
        if (Files.exists(source) && Files.exists(out) && same(source, out)) {
            throw new BadInputException(out + ": the output would overwrite the source; choose another -o");
        }
        Assembly a = Assembler.assemble(source, Assembler.parseDefines(defines), new Assembler.Options(base));
        a.notes().forEach(System.err::println);
        writeAtomically(out, a.elf());
        return Cli.OK;
    }

    static Path defaultOutput(Path source) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return source.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".elf");
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes to a temporary file beside {@code out}, then renames it, so a failure never leaves half a file. */
    static void writeAtomically(Path out, byte[] bytes) {
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            // Not Files.createTempFile: its mode 0600 would survive the move; CREATE_NEW honours the umask.
            for (int attempt = 0; tmp == null; attempt++) {
                Path candidate = dir.resolve("." + out.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
                try {
                    Files.write(candidate, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    tmp = candidate;
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) throw e;
                }
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | SecurityException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
            throw new BadInputException(out + ": cannot write (" + why + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // nothing more to do; the target was not touched
                }
            }
        }
    }
}
