package dev.vmlab.asm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every named thing the source defines: labels (an offset in a section, an address after
 * layout), symbols given a value by {@code .equ}/{@code .set}/{@code =} or {@code -D}, and the
 * renaming of numeric local labels ({@code 1:}, {@code 1b}, {@code 1f}) to unique names.
 */
final class SymbolTable {
    enum Kind {
        /** named by .globl/.type/.size but not (yet) defined */ NONE,
        LABEL,
        /** .equ/.set/= */ ASSIGNED,
        /** -D on the command line */ DEFINE
    }

    static final class Sym {
        final String name;
        Kind kind = Kind.NONE;
        /** where it was defined (labels, assignments), or first named */
        Line line;
        int at;
        Section section;
        long offset;
        /** assigned value; null while it is a deferred expression */
        Value value;
        /** an assignment whose value was not known when it was made */
        Expr deferred;
        Value deferredDot;
        Line deferredLine;
        boolean evaluating;
        boolean global, weak;
        /** where .globl first named it, for the note when it is never defined */
        Line globalLine;
        int globalAt;
        /** STT_FUNC / STT_OBJECT from .type, else 0 (STT_NOTYPE) */
        int elfType;
        Expr size;
        Line sizeLine;
        Value sizeDot;
        /** .comm: bytes and alignment to reserve in .bss */
        long commonSize, commonAlign;

        Sym(String name) {
            this.name = name;
        }

        boolean defined() {
            return kind != Kind.NONE;
        }
    }

    /** Prefix of the internal names of numeric local labels; starts with .L so it is never in the ELF. */
    static final String LOCAL_PREFIX = ".L";
    private static final char LOCAL_MARK = '\u0002';

    private final Map<String, Sym> symbols = new LinkedHashMap<>();
    private final Map<Long, Integer> localCounts = new HashMap<>();

    Sym get(String name) {
        return symbols.get(name);
    }

    Sym intern(String name) {
        return symbols.computeIfAbsent(name, Sym::new);
    }

    List<Sym> all() {
        return new ArrayList<>(symbols.values());
    }

    /** The unique name for a new definition of numeric local label {@code n}. */
    String defineLocal(long n) {
        int count = localCounts.merge(n, 1, Integer::sum);
        return localName(n, count);
    }

    /** The internal name {@code 1b} or {@code 1f} refers to at this point of the source. */
    String referLocal(Line line, Token ref) {
        int count = localCounts.getOrDefault(ref.value(), 0);
        if (ref.backward()) {
            if (count == 0) throw line.error(ref.start(), "'" + ref.text() + "' refers back to a label '" + ref.value()
                + ":', but there is none before this line");
            return localName(ref.value(), count);
        }
        return localName(ref.value(), count + 1);
    }

    private static String localName(long n, int count) {
        return LOCAL_PREFIX + n + LOCAL_MARK + count;
    }

    /** True for the internal names of numeric local labels. */
    static boolean isLocalLabel(String name) {
        return name.indexOf(LOCAL_MARK) >= 0;
    }

    /** An assignment that depends on itself: names the whole chain, {@code a -> b -> a}. */
    static AsmException circular(Line line, int at, String name, List<String> evaluating) {
        List<String> chain = new ArrayList<>(evaluating.subList(Math.max(0, evaluating.indexOf(name)), evaluating.size()));
        chain.add(name);
        if (chain.size() == 2) return line.error(at, "'" + name + "' is defined in terms of itself");
        return line.error(at, "circular definition: " + String.join(" -> ", chain));
    }

    /** Names the user could have meant, for suggestions: defined, and not internal. */
    List<String> visibleNames() {
        List<String> out = new ArrayList<>();
        for (Sym s : symbols.values()) if (s.defined() && !isLocalLabel(s.name)) out.add(s.name);
        return out;
    }
}
