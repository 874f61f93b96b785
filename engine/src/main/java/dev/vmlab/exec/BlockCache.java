package dev.vmlab.exec;

import dev.vmlab.isa.Block;
import dev.vmlab.isa.Decoder;
import dev.vmlab.isa.Insn;
import dev.vmlab.mem.Mmu;
import dev.vmlab.mem.PhysicalMemory;

/**
 * Decoded basic blocks, cached per physical page in {@link PhysicalMemory#code} and looked up
 * by virtual pc. Shared by the interpreter and the translator, so both engines see exactly
 * the same blocks and lose them at exactly the same moments (a store over decoded bytes drops
 * the page; a satp, privilege or sfence change drops the remembered page translation).
 */
public final class BlockCache {
    private final Mmu mmu;
    private final PhysicalMemory mem;

    // The page of the last block lookup: its virtual page number and its blocks.
    private long curVpn = -1;
    private Block[] curPage;

    public BlockCache(Mmu mmu, PhysicalMemory mem) {
        this.mmu = mmu;
        this.mem = mem;
    }

    /** Forgets the remembered fetch translation (translation state changed). */
    public void forget() { curVpn = -1; }

    /** The block at {@code pc}; throws the fetch {@link dev.vmlab.hart.Trap} when it cannot be fetched. */
    public Block block(long pc) {
        if ((pc >>> 12) == curVpn) {
            Block b = curPage[(int) (pc & 0xfff) >>> 1];
            if (b != null) return b;
        }
        return blockSlow(pc, false);
    }

    /**
     * Decodes the block at {@code pc} (translating the fetch address, which may fault) and
     * caches it by physical page, unless its first instruction straddles two pages. With
     * {@code single}, returns just the first instruction (for instruction tracing).
     */
    public Block blockSlow(long pc, boolean single) {
        long pageOff = mmu.fetchPageOffset(pc);
        int off = (int) (pageOff + (pc & 0xfff));
        if ((pc & 0xfff) == 0xffe && Decoder.isFull(mem.ramLoad16(off))) {
            // A 32-bit instruction across two pages: fetch the upper half through its own
            // translation (which may fault, with tval = pc + 2) and do not cache it.
            int hi = mem.ramLoad16((int) mmu.fetchPageOffset(pc + 2));
            curVpn = -1;
            return new Block(new Insn[] {Decoder.decode32(mem.ramLoad16(off) | (hi << 16))}, 4);
        }
        // The page's translation may be reused for a whole block, and across blocks, only when
        // the MMU says so: the TLB holds the fetch entry, which it does only when PMP lets this
        // privilege execute the whole page. Otherwise (TLB model off, or a page only partly
        // executable) every instruction is fetched, and checked, on its own.
        boolean reusable = mmu.fetchTranslationReusable(pc);
        int slot = (int) (pc & 0xfff) >>> 1;
        Block[] page = mem.codePage((int) (pageOff >>> 12));
        Block cached = page[slot];
        if (!reusable || single) {
            curVpn = -1;
            Block one = cached != null ? cached : decode(off, (int) pageOff + 4096, 1);
            return one.insns.length == 1 ? one : new Block(new Insn[] {one.insns[0]}, one.insns[0].length);
        }
        Block b = cached != null ? cached : decode(off, (int) pageOff + 4096, Block.MAX);
        if (cached == null) {
            mem.cover(off, b.bytes);
            page[slot] = b;
        }
        curVpn = pc >>> 12;
        curPage = page;
        return b;
    }

    /** Decodes up to {@code max} instructions from RAM offset {@code off}, stopping at a block end or the page end. */
    private Block decode(int off, int pageEnd, int max) {
        Insn[] buf = new Insn[max];
        int n = 0, at = off;
        while (n < max) {
            int lo = mem.ramLoad16(at);
            boolean full = Decoder.isFull(lo);
            if (full && at + 4 > pageEnd) break; // the next page may map elsewhere: end the block here
            Insn in = full ? Decoder.decode32(mem.ramLoad32(at)) : Decoder.decode16(lo);
            buf[n++] = in;
            at += in.length;
            if (Block.ends(in) || at >= pageEnd) break;
        }
        return new Block(n == max ? buf : java.util.Arrays.copyOf(buf, n), at - off);
    }
}
