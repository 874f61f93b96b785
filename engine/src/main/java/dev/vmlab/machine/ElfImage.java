package dev.vmlab.machine;

import dev.vmlab.BadInputException;
import dev.vmlab.device.GuestMemory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * A guest program as an ELF64 RISC-V executable: its entry point, the segments to put in
 * memory and its symbols. Built by {@link #read(Path)} or {@link #parse(String, byte[])}, which
 * reject every malformed file with a one-line {@link BadInputException} that starts with the
 * file's name, and never with any other exception.
 *
 * <p>{@code ET_EXEC} and {@code ET_DYN} images are both accepted; a position-independent image
 * is loaded at the addresses written in the file, unrelocated, which is what a bare-metal
 * program linked with {@code -static-pie} at a RAM address expects.
 */
public final class ElfImage {
    /** Larger than any guest kernel a lab boots, small enough to read into one array. */
    public static final int MAX_FILE_SIZE = 512 << 20;

    private static final byte[] ZEROS = new byte[64 << 10];

    private final String name;
    private final boolean positionIndependent;
    private final long entry;
    private final List<ElfSegment> segments;
    private final List<ElfSymbol> symbols;

    ElfImage(String name, boolean positionIndependent, long entry,
             List<ElfSegment> segments, List<ElfSymbol> symbols) {
        this.name = name;
        this.positionIndependent = positionIndependent;
        this.entry = entry;
        this.segments = segments;
        this.symbols = symbols;
    }

    /** Reads and parses {@code file}; its path as given names it in error messages. */
    public static ElfImage read(Path file) {
        String name = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new BadInputException(name + ": permission denied", e);
        } catch (IOException | SecurityException e) {
            throw new BadInputException(name + ": cannot read (" + reason(e) + ")", e);
        }
        if (attributes.isDirectory()) {
            throw new BadInputException(name + ": is a directory, not an ELF file");
        }
        if (!attributes.isRegularFile()) {
            // A FIFO or device could block forever or never end.
            throw new BadInputException(name + ": not a regular file");
        }
        if (attributes.size() > MAX_FILE_SIZE) {
            throw tooLarge(name, attributes.size());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Bounded even if the file grows between the size check and the read.
            bytes = in.readNBytes(MAX_FILE_SIZE + 1);
        } catch (AccessDeniedException e) {
            throw new BadInputException(name + ": permission denied", e);
        } catch (IOException | SecurityException e) {
            throw new BadInputException(name + ": cannot read (" + reason(e) + ")", e);
        }
        return parse(name, bytes);
    }

    /** Parses an ELF held in memory; {@code displayName} starts every error message. */
    public static ElfImage parse(String displayName, byte[] bytes) {
        if (bytes.length > MAX_FILE_SIZE) {
            throw tooLarge(displayName, bytes.length);
        }
        return ElfParser.parse(displayName, bytes);
    }

    private static BadInputException tooLarge(String name, long size) {
        return new BadInputException(String.format("%s: file is %d MiB; vmlab loads guest images of at most %d MiB",
                name, (size + (1 << 20) - 1) >> 20, MAX_FILE_SIZE >> 20));
    }

    private static String reason(Exception e) {
        // A FileSystemException's message repeats the path, which the caller already prints.
        String message = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.replaceAll("\\s+", " ").trim();
    }

    /** The name errors start with: the path as the user gave it. */
    public String name() {
        return name;
    }

    /** True for an {@code ET_DYN} image (loaded unrelocated). */
    public boolean positionIndependent() {
        return positionIndependent;
    }

    /** {@code e_entry}, a virtual address as the linker wrote it. */
    public long entry() {
        return entry;
    }

    /**
     * The entry point translated to where its bytes are in physical memory, which is where a
     * hart starts with translation off. Equal to {@link #entry()} when {@code p_vaddr == p_paddr}.
     */
    public long physicalEntry() {
        return toPhysical(entry);
    }

    /**
     * Maps a virtual address through the segment that contains it (by {@code p_vaddr}) to its
     * physical address; an address in no segment is returned unchanged.
     */
    public long toPhysical(long virtualAddress) {
        for (ElfSegment s : segments) {
            if (s.containsVirtual(virtualAddress)) {
                return s.physicalAddress() + (virtualAddress - s.virtualAddress());
            }
        }
        return virtualAddress;
    }

    /** The {@code PT_LOAD} segments in program-header order; never empty. */
    public List<ElfSegment> segments() {
        return segments;
    }

    /** Every {@code .symtab} entry but the null one, in table order; empty for a stripped file. */
    public List<ElfSymbol> symbols() {
        return symbols;
    }

    /** Physical address of {@code tohost} (the riscv-tests / HTIF mailbox), if the image defines it. */
    public Optional<Long> tohost() {
        return findSymbol("tohost").map(this::toPhysical);
    }

    /** Physical address of {@code fromhost}, if the image defines it. */
    public Optional<Long> fromhost() {
        return findSymbol("fromhost").map(this::toPhysical);
    }

    private Optional<Long> findSymbol(String wanted) {
        ElfSymbol best = null;
        for (ElfSymbol s : symbols) {
            if (s.defined() && s.name().equals(wanted)
                    && (best == null || s.bindingRank() < best.bindingRank())) {
                best = s;
            }
        }
        return Optional.ofNullable(best).map(ElfSymbol::value);
    }

    /** Lowest physical address any segment occupies. */
    public long lowestAddress() {
        long low = -1L;
        for (ElfSegment s : segments) {
            if (s.memorySize() != 0 && Long.compareUnsigned(s.physicalAddress(), low) < 0) {
                low = s.physicalAddress();
            }
        }
        return low == -1L ? segments.get(0).physicalAddress() : low;
    }

    /**
     * First physical address above everything this image occupies (exclusive), so the board
     * can put the device tree or an initrd above the image. For an image whose segments are
     * all empty, its {@link #lowestAddress()}.
     */
    public long endAddress() {
        long high = lowestAddress();
        for (ElfSegment s : segments) {
            if (s.memorySize() != 0 && Long.compareUnsigned(s.physicalEnd(), high) > 0) {
                high = s.physicalEnd();
            }
        }
        return high;
    }

    /**
     * Copies every segment into guest RAM at its physical address and zero-fills
     * {@code p_memsz} beyond {@code p_filesz}. All segments are checked against
     * {@code [ramBase, ramBase + ramSize)} before the first byte is written, so a bad image
     * leaves memory untouched.
     *
     * @throws BadInputException when a segment does not lie wholly inside RAM
     */
    public void load(GuestMemory memory, long ramBase, long ramSize) {
        checkInside(ramBase, ramSize);
        long largest = 0;
        for (ElfSegment s : segments) {
            largest = Math.max(largest, s.fileSize());
        }
        byte[] chunk = new byte[(int) Math.min(ZEROS.length, largest)];
        for (ElfSegment s : segments) {
            ByteBuffer bytes = s.bytes();
            long address = s.physicalAddress();
            while (bytes.hasRemaining()) {
                int n = Math.min(chunk.length, bytes.remaining());
                bytes.get(chunk, 0, n);
                put(memory, address, chunk, n);
                address += n;
            }
            // RAM may hold a previous run's bytes after a reset, so .bss is cleared explicitly.
            for (long left = s.memorySize() - s.fileSize(); left != 0; ) {
                int n = (int) Math.min(ZEROS.length, left);
                put(memory, address, ZEROS, n);
                address += n;
                left -= n;
            }
        }
    }

    /**
     * Checks that every non-empty segment lies wholly inside {@code [ramBase, ramBase + ramSize)},
     * as {@link #load} does before writing anything.
     *
     * @throws BadInputException naming the first segment that does not
     */
    public void checkInside(long ramBase, long ramSize) {
        long ramEnd = ramBase + ramSize;
        if (ramSize <= 0 || Long.compareUnsigned(ramEnd, ramBase) < 0) {
            throw new IllegalArgumentException(String.format("bad RAM range 0x%x+0x%x", ramBase, ramSize));
        }
        for (ElfSegment s : segments) {
            boolean inside = Long.compareUnsigned(s.physicalAddress(), ramBase) >= 0
                    && Long.compareUnsigned(s.physicalEnd(), ramEnd) <= 0;
            if (s.memorySize() != 0 && !inside) {
                throw new BadInputException(String.format("%s: segment %d at 0x%x..0x%x lies outside RAM 0x%x..0x%x",
                        name, s.index(), s.physicalAddress(), s.physicalEnd(), ramBase, ramEnd));
            }
        }
    }

    private static void put(GuestMemory memory, long address, byte[] data, int length) {
        if (!memory.write(address, data, 0, length)) {
            // The range was checked against the RAM the caller described: the caller lied.
            throw new IllegalStateException(String.format(
                    "guest memory refused a write at 0x%x+0x%x inside the RAM range it was given", address, length));
        }
    }

    @Override
    public String toString() {
        return String.format("%s: entry 0x%x, %d segment(s), %d symbol(s)", name, entry, segments.size(), symbols.size());
    }
}
