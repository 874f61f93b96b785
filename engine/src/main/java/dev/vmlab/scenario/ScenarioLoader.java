package dev.vmlab.scenario;

import dev.vmlab.BadInputException;
import dev.vmlab.scenario.JsonTree.Member;
import dev.vmlab.scenario.JsonTree.Node;
import dev.vmlab.scenario.JsonTree.Obj;
import dev.vmlab.trace.TraceKind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a scenario file strictly: anything unknown, mistyped, out of range or missing is a
 * {@link BadInputException} whose one-line message starts with {@code file:line:col}. Nothing is
 * guessed and nothing is ignored, because a lab that silently drops a misspelt expectation
 * grades the wrong thing. docs/scenario-format.md is the reference for every field;
 * scenarios/scenario.schema.json says the same in JSON Schema, and tests keep the three in step.
 *
 * <p>A hostile file cannot exhaust memory: the file is at most {@link #MAX_FILE_BYTES}, and
 * nesting, strings, numbers and lists are bounded.
 */
public final class ScenarioLoader {
    public static final long MAX_FILE_BYTES = 1 << 20;
    public static final long MIN_VM_MEMORY = 1L << 20, MAX_VM_MEMORY = 2040L << 20;
    public static final int MAX_VMS = 16, MAX_TLB = 65536;
    static final int MAX_TEXT = 4096, MAX_INPUT = 64 * 1024;

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final String NAME_RULE = "letters, digits, '_', '.', '-', starting with a letter or digit, at most 64";

    static final List<String> TOP = List.of("$schema", "name", "description", "host", "vms", "trace", "limits", "input",
        "expect");
    static final List<String> HOST = List.of("cpus", "memory", "cost");
    static final List<String> VM = List.of("name", "mode", "engine", "vcpus", "memory", "guest", "builds", "disk",
        "profile", "tlb_entries", "realtime", "bootargs");
    static final List<String> GUEST = List.of("elf", "source", "defines");
    static final List<String> DISK = List.of("image", "read_only");
    static final List<String> TRACE = List.of("kinds", "format", "file", "limit", "pc", "window");
    static final List<String> RANGE = List.of("from", "to");
    static final List<String> LIMITS = List.of("instructions", "wall_seconds");

    private final Fields f;
    private final Path directory;

    private ScenarioLoader(String file, Path directory) {
        this.f = new Fields(file);
        this.directory = directory;
    }

    /** Loads the scenario in {@code file}; relative paths in it resolve against its directory. */
    public static Scenario load(Path file) {
        String name = file.toString();
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": no such file", e);
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (a.isDirectory()) throw new BadInputException(name + ": is a directory, not a scenario file");
        if (!a.isRegularFile()) throw new BadInputException(name + ": not a regular file");
        if (a.size() > MAX_FILE_BYTES) throw tooLarge(name, a.size());
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Bounded even if the file grows between the size check and the read.
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new BadInputException(name + ": permission denied", e);
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (bytes.length > MAX_FILE_BYTES) throw tooLarge(name, bytes.length);
        Path dir = file.toAbsolutePath().getParent();
        return parse(utf8(name, bytes), name, dir);
    }

    /**
     * Loads a scenario from text (a shell's buffer, a documentation example): {@code file} names
     * it in messages and {@code directory} is where its relative paths start.
     */
    public static Scenario parse(String text, String file, Path directory) {
        if (text.length() > MAX_FILE_BYTES) throw tooLarge(file, text.length());
        ScenarioLoader l = new ScenarioLoader(file, directory.toAbsolutePath());
        return l.scenario(JsonTree.parse(text, file));
    }

    private static BadInputException tooLarge(String file, long size) {
        return new BadInputException(file + ": too large (" + size + " bytes; a scenario may be at most "
            + (MAX_FILE_BYTES >> 20) + " MiB)");
    }

    private static String utf8(String file, byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF
            ? 3 : 0; // a byte-order mark some editors write
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": not UTF-8 text (JSON files must be UTF-8)", e);
        }
    }

    // ------------------------------------------------------------------ sections

    private Scenario scenario(Node root) {
        if (!(root instanceof Obj)) {
            throw f.error(root.pos(), "", "expected a JSON object (the scenario), found " + root.describe());
        }
        Obj o = f.object(root, "", TOP, List.of("name", "vms"));
        Node schema = Fields.get(o, "$schema");
        if (schema != null) f.string(schema, "$schema", MAX_TEXT);
        String name = f.name(Fields.get(o, "name"), "name", NAME, 64, NAME_RULE);
        String description = opt(o, "description") ? f.string(Fields.get(o, "description"), "description", MAX_TEXT) : "";
        Scenario.Host host = opt(o, "host") ? host(Fields.get(o, "host")) : Scenario.Host.DEFAULT;
        List<Vm> vms = vms(Fields.get(o, "vms"));
        if (host.memory() > 0) {
            long need = vms.stream().mapToLong(Vm::memory).sum();
            if (need > host.memory()) {
                Node at = Fields.get((Obj) Fields.get(o, "host"), "memory");
                throw f.error(at.pos(), "host.memory", "the VMs need " + Fields.human(need) + " but the host has only "
                    + Fields.human(host.memory()));
            }
        }
        TraceSpec trace = opt(o, "trace") ? trace(Fields.get(o, "trace")) : TraceSpec.NONE;
        Scenario.Limits limits = opt(o, "limits") ? limits(Fields.get(o, "limits")) : Scenario.Limits.NONE;
        String input = opt(o, "input") ? f.string(Fields.get(o, "input"), "input", MAX_INPUT) : "";
        Expect expect = opt(o, "expect") ? new ExpectLoader(f).expect(Fields.get(o, "expect")) : Expect.NONE;
        return new Scenario(name, description, host, vms, trace, limits, input, expect,
            new Origin(f.file(), directory, f.positions()));
    }

    private static boolean opt(Obj o, String key) {
        return o.members().containsKey(key);
    }

    private Scenario.Host host(Node n) {
        Obj o = f.object(n, "host", HOST, List.of());
        int cpus = opt(o, "cpus") ? (int) f.integer(Fields.get(o, "cpus"), "host.cpus", 1, 256) : 1;
        long memory = opt(o, "memory") ? f.size(Fields.get(o, "memory"), "host.memory", 1L << 20, 1L << 40, 4096) : 0;
        Scenario.CostPreset cost = opt(o, "cost")
            ? Scenario.CostPreset.valueOf(f.choice(Fields.get(o, "cost"), "host.cost", "cost preset",
                labels(Scenario.CostPreset.values())).toUpperCase(Locale.ROOT))
            : Scenario.CostPreset.NATIVE;
        return new Scenario.Host(cpus, memory, cost);
    }

    private List<Vm> vms(Node n) {
        List<Node> items = f.array(n, "vms", MAX_VMS);
        if (items.isEmpty()) throw f.error(n.pos(), "vms", "at least one VM is needed");
        List<Vm> vms = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Vm vm = vm(items.get(i), "vms[" + i + "]", i);
            if (!names.add(vm.name())) {
                Node at = Fields.get((Obj) items.get(i), "name");
                if (at == null) {
                    // Its default name, vm<i>, was taken by an earlier VM that chose it.
                    throw f.error(items.get(i).pos(), "vms[" + i + "]", "its default name \"" + vm.name()
                        + "\" is taken by another VM; give it a \"name\"");
                }
                throw f.error(at.pos(), "vms[" + i + "].name", "another VM is already called \"" + vm.name() + "\"");
            }
            vms.add(vm);
        }
        return vms;
    }

    private Vm vm(Node n, String path, int index) {
        Obj o = f.object(n, path, VM, List.of("guest"));
        String name = opt(o, "name") ? f.name(Fields.get(o, "name"), path + ".name", NAME, 64, NAME_RULE) : "vm" + index;
        Vm.Mode mode = opt(o, "mode") ? mode(Fields.get(o, "mode"), path + ".mode") : Vm.Mode.ISA;
        Vm.Engine engine = opt(o, "engine")
            ? Vm.Engine.valueOf(upper(f.choice(Fields.get(o, "engine"), path + ".engine", "engine", labels(Vm.Engine.values()))))
            : Vm.Engine.INTERP;
        int vcpus = opt(o, "vcpus") ? (int) f.integer(Fields.get(o, "vcpus"), path + ".vcpus", 1, 64) : 1;
        long memory = opt(o, "memory")
            ? f.size(Fields.get(o, "memory"), path + ".memory", MIN_VM_MEMORY, MAX_VM_MEMORY, 4096)
            : dev.vmlab.machine.MachineConfig.DEFAULT_RAM;
        Guest guest = guest(Fields.get(o, "guest"), path + ".guest");
        Map<Vm.Mode, Guest> builds = new EnumMap<>(Vm.Mode.class);
        if (opt(o, "builds")) {
            Obj b = f.object(Fields.get(o, "builds"), path + ".builds", labels(Vm.Mode.values()), List.of());
            for (Member m : b.members().values()) {
                builds.put(Vm.Mode.valueOf(upper(m.key())), guest(m.value(), path + ".builds." + m.key()));
            }
        }
        Vm.Disk disk = null;
        if (opt(o, "disk")) {
            Obj d = f.object(Fields.get(o, "disk"), path + ".disk", DISK, List.of("image"));
            disk = new Vm.Disk(f.path(Fields.get(d, "image"), path + ".disk.image", directory, true),
                opt(d, "read_only") && f.bool(Fields.get(d, "read_only"), path + ".disk.read_only"));
        }
        Vm.Profile profile = opt(o, "profile")
            ? Vm.Profile.valueOf(upper(f.choice(Fields.get(o, "profile"), path + ".profile", "ISA profile",
                labels(Vm.Profile.values()))))
            : Vm.Profile.CLASSIC;
        int tlb = dev.vmlab.machine.MachineConfig.DEFAULT_TLB;
        if (opt(o, "tlb_entries")) {
            Node t = Fields.get(o, "tlb_entries");
            tlb = (int) f.integer(t, path + ".tlb_entries", 0, MAX_TLB);
            if (tlb != 0 && Integer.bitCount(tlb) != 1) {
                throw f.error(t.pos(), path + ".tlb_entries", tlb + " is not a power of two (0 turns the TLB off)");
            }
        }
        boolean realtime = opt(o, "realtime") && f.bool(Fields.get(o, "realtime"), path + ".realtime");
        String bootargs = opt(o, "bootargs") ? f.string(Fields.get(o, "bootargs"), path + ".bootargs", 1024) : "";
        return new Vm(name, mode, engine, vcpus, memory, guest, builds, disk, profile, tlb, realtime, bootargs);
    }

    private Vm.Mode mode(Node n, String path) {
        return Vm.Mode.valueOf(upper(f.choice(n, path, "mode", labels(Vm.Mode.values()))));
    }

    private Guest guest(Node n, String path) {
        Obj o = f.object(n, path, GUEST, List.of());
        boolean elf = opt(o, "elf"), source = opt(o, "source");
        if (elf == source) {
            throw f.error(o.pos(), path, elf ? "give \"elf\" or \"source\", not both" : "missing \"elf\" or \"source\"");
        }
        if (elf) {
            if (opt(o, "defines")) {
                throw f.error(o.members().get("defines").keyPos(), path, "\"defines\" only apply to an assembly \"source\"");
            }
            return new Guest.Elf(f.path(Fields.get(o, "elf"), path + ".elf", directory, true));
        }
        Map<String, Long> defines = new LinkedHashMap<>();
        if (opt(o, "defines")) {
            Node d = Fields.get(o, "defines");
            if (!(d instanceof Obj dobj)) throw f.error(d.pos(), path + ".defines", "expected an object, found " + d.describe());
            if (dobj.members().size() > 256) throw f.error(d.pos(), path + ".defines", "too many defines (at most 256)");
            for (Member m : dobj.members().values()) {
                String p = path + ".defines." + m.key();
                if (!m.key().matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                    throw f.error(m.keyPos(), path + ".defines", "\"" + m.key() + "\" is not a symbol name (letters, digits, '_')");
                }
                defines.put(m.key(), f.integer(m.value(), p, Long.MIN_VALUE, Long.MAX_VALUE));
            }
        }
        return new Guest.Source(f.path(Fields.get(o, "source"), path + ".source", directory, true), defines);
    }

    private TraceSpec trace(Node n) {
        Obj o = f.object(n, "trace", TRACE, List.of("kinds"));
        Node k = Fields.get(o, "kinds");
        List<Node> items = f.array(k, "trace.kinds", 16);
        if (items.isEmpty()) throw f.error(k.pos(), "trace.kinds", "name at least one kind (or leave \"trace\" out)");
        List<String> valid = new ArrayList<>(TraceKind.names());
        valid.add("all");
        Set<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        for (int i = 0; i < items.size(); i++) {
            String kind = f.choice(items.get(i), "trace.kinds[" + i + "]", "trace kind", valid);
            kinds.addAll(TraceKind.parseList(kind));
        }
        String format = opt(o, "format") ? f.choice(Fields.get(o, "format"), "trace.format", "trace format",
            dev.vmlab.trace.TraceSinks.FORMATS) : "text";
        Path file = opt(o, "file") ? f.path(Fields.get(o, "file"), "trace.file", directory, false) : null;
        long limit = opt(o, "limit") ? f.integer(Fields.get(o, "limit"), "trace.limit", 0, Long.MAX_VALUE) : 0;
        long pcFrom = 0, pcTo = -1;
        if (opt(o, "pc")) {
            Obj pc = f.object(Fields.get(o, "pc"), "trace.pc", RANGE, RANGE);
            pcFrom = f.address(Fields.get(pc, "from"), "trace.pc.from");
            pcTo = f.address(Fields.get(pc, "to"), "trace.pc.to");
            if (Long.compareUnsigned(pcFrom, pcTo) >= 0) {
                throw f.error(Fields.get(pc, "to").pos(), "trace.pc.to", "must be above trace.pc.from");
            }
        }
        long from = 0, to = Long.MAX_VALUE;
        if (opt(o, "window")) {
            Obj w = f.object(Fields.get(o, "window"), "trace.window", RANGE, List.of());
            if (opt(w, "from")) from = f.integer(Fields.get(w, "from"), "trace.window.from", 0, Long.MAX_VALUE);
            if (opt(w, "to")) to = f.integer(Fields.get(w, "to"), "trace.window.to", 0, Long.MAX_VALUE);
            if (from >= to) throw f.error(w.pos(), "trace.window", "\"from\" must be below \"to\"");
        }
        return new TraceSpec(kinds, format, file, limit, pcFrom, pcTo, from, to);
    }

    private Scenario.Limits limits(Node n) {
        Obj o = f.object(n, "limits", LIMITS, List.of());
        long insns = opt(o, "instructions") ? f.integer(Fields.get(o, "instructions"), "limits.instructions", 0, Long.MAX_VALUE) : 0;
        double wall = opt(o, "wall_seconds") ? f.decimal(Fields.get(o, "wall_seconds"), "limits.wall_seconds", 0, 86400) : 0;
        return new Scenario.Limits(insns, wall);
    }

    // ------------------------------------------------------------------ helpers

    static List<String> labels(Enum<?>[] values) {
        List<String> l = new ArrayList<>();
        for (Enum<?> v : values) l.add(v.name().toLowerCase(Locale.ROOT));
        return l;
    }

    private static String upper(String s) { return s.toUpperCase(Locale.ROOT); }
}
