package dev.vmlab.machine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Immutable lookup between names and addresses, for traces ({@code bad pc in memcpy+0x1c}),
 * breakpoints and shell completion.
 *
 * <p>Only symbols a person would want to read are kept: defined {@code FUNC}, {@code OBJECT}
 * and {@code NOTYPE} symbols with a name. Section and file symbols, RISC-V mapping symbols
 * ({@code $x}, {@code $d}, {@code $xrv64i2p1...}) and assembler temporaries ({@code .L...},
 * which RISC-V objects keep for {@code %pcrel_lo}) are dropped.
 *
 * <p>{@link #describe(long)} is a binary search over a sorted array, cheap enough to call for
 * every traced instruction. Addresses are compared unsigned, so kernels linked at
 * {@code 0xffffffff80000000} sort above user programs.
 */
public final class Symbols {
    /** Where a described address is: {@code name+0x1c}, or just {@code name} at offset 0. */
    public record Location(String name, long symbolAddress, long offset) {
        @Override
        public String toString() {
            return offset == 0 ? name : name + "+0x" + Long.toHexString(offset);
        }
    }

    /** FUNC before OBJECT before NOTYPE, as objdump chooses; then global before weak before local. */
    private static final Comparator<ElfSymbol> PREFERENCE = Comparator
            .comparingInt(Symbols::typeRank)
            .thenComparingInt(ElfSymbol::bindingRank);

    // After PREFERENCE: static initialisers run in order.
    private static final Symbols EMPTY = new Symbols(List.of(), null);

    /** By name; when several share a name, the global (then weak) one wins. */
    private final Map<String, Long> byName;
    private final List<String> names;

    /** Distinct symbol addresses, flipped ({@code a ^ Long.MIN_VALUE}) so signed order is unsigned order. */
    private final long[] keys;
    /** For each address, its symbols best first (see {@link #PREFERENCE}). */
    private final ElfSymbol[][] groups;
    /** For each address, the last byte (inclusive) a zero-size symbol there covers. */
    private final long[] zeroSizeLast;

    public static Symbols empty() {
        return EMPTY;
    }

    /**
     * Symbols of an image. Only symbols inside a loaded segment (by virtual address) can
     * describe an address, and a zero-size symbol covers bytes only up to the next symbol or
     * the end of its segment, whichever comes first, so gaps between segments and absolute
     * constants such as {@code __stack_size = 0x1000} never label an address.
     */
    public static Symbols of(ElfImage image) {
        return new Symbols(image.symbols(), image.segments());
    }

    /** Symbols with no segment information: a zero-size symbol covers up to the next symbol, the last one without bound. */
    public static Symbols of(Collection<ElfSymbol> symbols) {
        return symbols.isEmpty() ? EMPTY : new Symbols(symbols, null);
    }

    private Symbols(Collection<ElfSymbol> all, List<ElfSegment> regions) {
        List<ElfSymbol> kept = new ArrayList<>();
        for (ElfSymbol s : all) {
            if (readable(s)) {
                kept.add(s);
            }
        }
        Map<String, ElfSymbol> best = new HashMap<>();
        for (ElfSymbol s : kept) {
            best.merge(s.name(), s, (old, candidate) -> candidate.bindingRank() < old.bindingRank() ? candidate : old);
        }
        Map<String, Long> addresses = new HashMap<>();
        best.forEach((name, s) -> addresses.put(name, s.value()));
        this.byName = Map.copyOf(addresses);
        this.names = List.copyOf(new TreeSet<>(addresses.keySet()));

        List<ElfSymbol> placed = new ArrayList<>();
        for (ElfSymbol s : kept) {
            if (regions == null || regionOf(regions, s.value()) != null) {
                placed.add(s);
            }
        }
        // Stable sort: among equals the symbol-table order decides, so the result is reproducible.
        placed.sort(Comparator.comparing(ElfSymbol::value, Long::compareUnsigned).thenComparing(PREFERENCE));
        List<ElfSymbol[]> groupList = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= placed.size(); i++) {
            if (i == placed.size() || placed.get(i).value() != placed.get(from).value()) {
                groupList.add(placed.subList(from, i).toArray(new ElfSymbol[0]));
                from = i;
            }
        }
        int n = groupList.size();
        this.groups = groupList.toArray(new ElfSymbol[0][]);
        this.keys = new long[n];
        this.zeroSizeLast = new long[n];
        for (int i = 0; i < n; i++) {
            long address = groups[i][0].value();
            keys[i] = address ^ Long.MIN_VALUE;
            long last = i + 1 < n ? groups[i + 1][0].value() - 1 : -1L;
            if (regions != null) {
                long regionLast = regionOf(regions, address).virtualEnd() - 1;
                if (Long.compareUnsigned(regionLast, last) < 0) {
                    last = regionLast;
                }
            }
            zeroSizeLast[i] = last;
        }
    }

    private static boolean readable(ElfSymbol s) {
        String name = s.name();
        boolean kind = s.type() == ElfSymbol.Type.FUNC || s.type() == ElfSymbol.Type.OBJECT
                || s.type() == ElfSymbol.Type.NOTYPE;
        return kind && s.defined() && !name.isEmpty() && !isMappingSymbol(name) && !name.startsWith(".L");
    }

    /** RISC-V psABI mapping symbols: {@code $d}, {@code $x}, {@code $x<isa>}, each optionally with {@code .<suffix>}. */
    static boolean isMappingSymbol(String name) {
        if (name.length() < 2 || name.charAt(0) != '$' || (name.charAt(1) != 'x' && name.charAt(1) != 'd')) {
            return false;
        }
        String rest = name.substring(2);
        return rest.isEmpty() || rest.startsWith(".") || (name.charAt(1) == 'x' && rest.startsWith("rv"));
    }

    private static int typeRank(ElfSymbol s) {
        return switch (s.type()) {
            case FUNC -> 0;
            case OBJECT -> 1;
            default -> 2;
        };
    }

    private static ElfSegment regionOf(List<ElfSegment> regions, long address) {
        for (ElfSegment s : regions) {
            if (s.containsVirtual(address)) {
                return s;
            }
        }
        return null;
    }

    /** The address of {@code name}, if a readable symbol has that name. */
    public Optional<Long> address(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * {@code name+0x1c} for the symbol that covers {@code address}: the best symbol at the
     * nearest address at or below it, if {@code address} is within its size (or, for a
     * zero-size symbol, before the next symbol). {@code null} when no symbol covers it.
     */
    public String describe(long address) {
        Location at = find(address);
        return at == null ? null : at.toString();
    }

    /** Like {@link #describe(long)} but with the parts separate, for JSON output. */
    public Optional<Location> locate(long address) {
        return Optional.ofNullable(find(address));
    }

    private Location find(long address) {
        int i = floor(address ^ Long.MIN_VALUE);
        if (i < 0) {
            return null;
        }
        for (ElfSymbol s : groups[i]) {
            long offset = address - s.value();
            boolean covered = s.size() != 0
                    ? Long.compareUnsigned(offset, s.size()) < 0
                    : Long.compareUnsigned(address, zeroSizeLast[i]) <= 0;
            if (covered) {
                return new Location(s.name(), s.value(), offset);
            }
        }
        return null;
    }

    /** Index of the largest key {@code <= key}, or -1. */
    private int floor(long key) {
        int lo = 0;
        int hi = keys.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Every readable name, sorted, without duplicates. */
    public List<String> names() {
        return names;
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    @Override
    public String toString() {
        return "Symbols[" + names.size() + " names]";
    }
}
