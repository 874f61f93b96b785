package dev.vmlab.asm;

import dev.vmlab.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * vmlab's RISC-V assembler: GNU as syntax for RV64IMA, Zicsr, Zifencei, the privileged and
 * hypervisor instructions, with GNU's pseudo-instructions, directives, macros and conditional
 * assembly. It assembles and links in one step into an ELF64 executable, with no compression
 * and no relaxation (like {@code as -march=rv64ima_zicsr_zifencei -mno-relax} then {@code ld}).
 * Every mistake is an {@link AsmException}; see docs/assembler.md.
 */
public final class Assembler {
    /** Where .text goes unless told otherwise: the start of RAM on the virt board. */
    public static final long DEFAULT_TEXT_BASE = 0x8000_0000L;

    /** @param textBase address of .text, a multiple of 4 KiB */
    public record Options(long textBase) {
        public static Options defaults() {
            return new Options(DEFAULT_TEXT_BASE);
        }
    }

    private Assembler() {}

    /** True for file names the assembler takes: {@code .s}, {@code .S}, {@code .asm}. */
    public static boolean isSource(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString();
        return n.endsWith(".s") || n.endsWith(".S") || n.toLowerCase(Locale.ROOT).endsWith(".asm");
    }

    public static Assembly assemble(Path source, Map<String, Long> defines) {
        return assemble(source, defines, Options.defaults());
    }

    /** Assembles a file; {@code .include} names are relative to the including file's directory. */
    public static Assembly assemble(Path source, Map<String, Long> defines, Options options) {
        String name = source.toString();
        String content;
        try {
            if (Files.isDirectory(source)) throw new AsmException(name, "is a directory, not an assembly source", null);
            if (Files.exists(source) && !Files.isRegularFile(source)) throw new AsmException(name, "not a regular file", null);
            content = LineFeed.read(source);
        } catch (NoSuchFileException e) {
            throw new AsmException(name, "no such file", e);
        } catch (LineFeed.TooLarge e) {
            throw new AsmException(name, "larger than " + (LineFeed.MAX_FILE_SIZE >> 20) + " MiB; not an assembly source?", e);
        } catch (IOException | SecurityException e) {
            throw new AsmException(name, "cannot read (" + LineFeed.reason(e) + ")", e);
        }
        return run(name, source, content, defines, options);
    }

    public static Assembly assemble(String name, String text, Map<String, Long> defines) {
        return assemble(name, text, defines, Options.defaults());
    }

    /** Assembles source text; {@code name} appears in messages, and {@code .include} is relative to the working directory. */
    public static Assembly assemble(String name, String text, Map<String, Long> defines, Options options) {
        return run(name, null, text, defines, options);
    }

    private static Assembly run(String name, Path path, String text, Map<String, Long> defines, Options options) {
        long base = options.textBase();
        if ((base & (SecondPass.PAGE - 1)) != 0) {
            throw new BadInputException(String.format("text base 0x%x is not a multiple of 4 KiB", base));
        }
        for (String d : defines.keySet()) checkName(d);
        FirstPass first = new FirstPass(new LineFeed(name, path, text), defines);
        first.run();
        if (Long.remainderUnsigned(base, first.alignment[Section.TEXT.ordinal()]) != 0) {
            throw new AsmException(name, String.format(".text asks for %d-byte alignment, but the text base 0x%x is not "
                + "aligned to it", first.alignment[0], base), null);
        }
        SecondPass second = new SecondPass(first, base);
        if (Long.compareUnsigned(second.end(), base) < 0) {
            throw new AsmException(name, String.format("the program does not fit above 0x%x", base), null);
        }
        second.run();
        return link(name, first, second);
    }

    private static Assembly link(String name, FirstPass first, SecondPass second) {
        List<ElfWriter.Out> outs = new ArrayList<>();
        List<Assembly.SectionImage> images = new ArrayList<>();
        for (Section s : Section.LOADED) {
            int i = s.ordinal();
            byte[] bytes = second.image[i];
            outs.add(new ElfWriter.Out(s, second.base[i], first.size[i], bytes, Math.max(first.alignment[i], 1)));
            images.add(new Assembly.SectionImage(s.elfName, second.base[i], first.size[i], bytes));
        }
        List<ElfWriter.Sym> elfSyms = new ArrayList<>();
        List<Assembly.Symbol> syms = new ArrayList<>();
        List<String> notes = new ArrayList<>(first.notes);
        Long start = null;
        for (SymbolTable.Sym s : first.symbols.all()) {
            if (!s.defined()) {
                if (s.global && s.globalLine != null) {
                    notes.add(s.globalLine.where() + ":" + (s.globalAt + 1) + ": note: '" + s.name
                        + "' is declared global but never defined");
                }
                continue;
            }
            Value v = s.kind == SymbolTable.Kind.LABEL ? new Value(second.address(s.section, s.offset), Value.LINKED)
                : second.symbol(s.line, new Expr.Sym(s.name, s.name, s.at));
            if (s.kind == SymbolTable.Kind.LABEL && s.section == Section.UNLOADED) continue;
            if (s.name.equals("_start")) start = v.v();
            if (s.name.startsWith(".L")) continue;   // assembler-local, as in GNU as
            long size = 0;
            if (s.size != null) {
                size = Evaluator.eval(s.sizeLine, s.size, new FirstPass.Scoped(second, second.linked(s.sizeDot))).v();
            }
            Section section = s.kind == SymbolTable.Kind.LABEL ? s.section : v.absolute() ? null : sectionAt(first, second, v.v());
            int binding = s.weak ? ElfWriter.STB_WEAK : s.global ? ElfWriter.STB_GLOBAL : ElfWriter.STB_LOCAL;
            elfSyms.add(new ElfWriter.Sym(s.name, v.v(), size, s.elfType, binding, section));
            syms.add(new Assembly.Symbol(s.name, v.v(), size, s.global, section == null ? null : section.elfName));
        }
        long entry = start != null ? start : second.base[Section.TEXT.ordinal()];
        byte[] elf = ElfWriter.write(name, entry, outs, elfSyms);
        return new Assembly(name, elf, entry, syms, images, notes);
    }

    /** The section an address assigned to a symbol ({@code .equ alias, label + 4}) falls in, or null (absolute). */
    private static Section sectionAt(FirstPass first, SecondPass second, long address) {
        for (Section s : Section.LOADED) {
            long start = second.base[s.ordinal()], size = first.size[s.ordinal()];
            if (size > 0 && Long.compareUnsigned(address - start, size) <= 0) return s;
        }
        return null;
    }

    /**
     * Parses {@code -D} arguments, {@code NAME} (value 1) or {@code NAME=VALUE}, where the value
     * is a constant expression such as {@code 0x1000} or {@code 1<<12}.
     *
     * @throws BadInputException for a bad name or value
     */
    public static Map<String, Long> parseDefines(List<String> specs) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String n = eq < 0 ? spec : spec.substring(0, eq);
            checkName(n);
            long value = 1;
            if (eq >= 0) {
                String text = spec.substring(eq + 1);
                Line line = new Line("-D " + n, 1, text, text, null);
                try {
                    List<Token> t = Lexer.lex(line);
                    Expr e = ExprParser.parse(line, t, 0, t.size(), (l, r) -> {
                        throw l.error(r.start(), "a -D value cannot refer to a label");
                    });
                    value = Evaluator.eval(line, e, new FirstPass(new LineFeed("-D", null, ""), Map.of()))
                        .v();
                } catch (AsmException | Evaluator.Unknown e) {
                    String why = e instanceof AsmException a ? a.reason() : "a -D value must be a constant";
                    throw new BadInputException("-D " + spec + ": bad value (" + why + ")");
                }
            }
            out.put(n, value);
        }
        return out;
    }

    private static void checkName(String n) {
        if (!n.matches("[A-Za-z_$][A-Za-z0-9_.$]*")) {
            throw new BadInputException("-D " + n + ": not a valid symbol name (letters, digits, _ . $; not starting with a digit)");
        }
    }
}
