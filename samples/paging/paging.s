# paging: an Sv39 page table, page faults, and a handler that maps on demand.
#
# Concept: virtual memory. With satp.MODE = Sv39, every S- and U-mode address
# is a virtual address that the hardware translates by walking a three-level
# page table: bits 38..30 of the address index the root table (level 2), bits
# 29..21 the level-1 table, bits 20..12 the level-0 table; the leaf entry (PTE)
# found gives the physical page. A PTE with R, W or X set is a leaf, so a leaf
# in the root table maps a whole 1 GiB "gigapage" in one step.
#
# When the walk finds no valid entry, the access does not happen: the hart
# raises a page fault (scause 12 fetch, 13 load, 15 store) with the virtual
# address in stval and the instruction in sepc. Here the handler then builds the
# missing tables, maps a fresh page, and returns with sret to the same
# instruction, which now succeeds: demand paging, as an OS does it.
#
# After changing a page table the handler executes sfence.vma: the hart may
# keep translations (and "this page is not mapped") in its TLB, and sfence.vma
# is how software says "the tables changed, forget what you cached".
#
# M-mode only prepares the stage: PMP (so that S-mode may touch memory at all),
# delegation of page faults to S-mode (medeleg), and mret into S-mode.
#
# Run:   ./vmlab run samples/paging/paging.elf
# Look:  ./vmlab run -q --trace trap,pagewalk samples/paging/paging.elf 2>&1 | grep -B3 'va 0x00000000400'
#        (the walks for the demand pages, level by level: first the faults, then,
#        after the handler's work, the same walks reaching a leaf; add tlb to the
#        trace kinds to see the sfence.vma flushes)

    .equ FINISHER,   0x100000
    .equ DEMAND_VA,  0x40000000     # 1 GiB: root entry 1, which starts out invalid

    .equ PTE_V, 0x01                # valid
    .equ PTE_R, 0x02                # readable
    .equ PTE_W, 0x04                # writable
    .equ PTE_X, 0x08                # executable
    .equ PTE_A, 0x40                # accessed (set here so the hardware needs not)
    .equ PTE_D, 0x80                # dirty
    .equ SATP_SV39, 8               # satp.MODE, bits 63..60

    .text
    .globl _start
_start:
    # ---- M-mode: set the stage ----
    la    t0, m_trap
    csrw  mtvec, t0
    li    t0, -1                    # PMP entry 0: TOR from 0 up to 2^56, R W X.
    srli  t0, t0, 10                # Without a PMP entry, S and U may access nothing.
    csrw  pmpaddr0, t0
    li    t0, 0x0f                  # A = TOR (01), X, W, R
    csrw  pmpcfg0, t0
    li    t0, (1 << 12) | (1 << 13) | (1 << 15)
    csrw  medeleg, t0               # page faults go straight to S-mode's stvec
    li    t0, 3 << 11
    csrc  mstatus, t0
    li    t0, 1 << 11
    csrs  mstatus, t0               # mstatus.MPP = S: mret will enter S-mode
    la    t0, s_main
    csrw  mepc, t0
    mret

    # ---- S-mode ----
s_main:
    la    t0, s_trap
    csrw  stvec, t0
    la    t0, s_trap_stack_top
    csrw  sscratch, t0

    # The root table: two gigapage leaves, everything else invalid (zero).
    #   entry 0: va 0..1 GiB -> pa 0 (the devices: UART, test finisher), R W
    #   entry 2: va 2..3 GiB -> pa 0x80000000 (RAM, this program), R W X
    # A PTE holds the physical page number (pa >> 12) from bit 10 up: pa >> 2.
    la    s0, root_table
    li    t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    sd    t0, 0*8(s0)
    li    t0, 0x80000000 >> 2
    ori   t0, t0, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    sd    t0, 2*8(s0)
    li    t0, SATP_SV39             # satp = MODE | root's page number
    slli  t0, t0, 60
    srli  t1, s0, 12
    or    t0, t0, t1
    csrw  satp, t0                  # translation is on from the next instruction:
    sfence.vma                      # this code runs on because va = pa for RAM

    la    a0, msg_on
    call  puts
    mv    a0, s0
    call  puthex
    la    a0, msg_on2
    call  puts

    # 1. A store to an unmapped page: store page fault, mapped, retried.
    la    a0, msg_store
    call  puts
    li    s1, DEMAND_VA
    li    t0, 42
    sd    t0, 0(s1)                 # faults once; the handler maps the page; retried
    la    a0, msg_stored
    call  puts
    ld    a0, 0(s1)
    call  putdec
    la    a0, msg_alias             # the same frame through the identity-mapped RAM
    call  puts
    la    t0, last_frame
    ld    a0, 0(t0)
    call  puthex
    la    a0, msg_colon
    call  puts
    la    t0, last_frame
    ld    t0, 0(t0)
    ld    a0, 0(t0)
    call  putdec
    la    a0, msg_nl
    call  puts

    # 2. A load from the next page: load page fault; the tables exist now.
    la    a0, msg_load
    call  puts
    li    t0, DEMAND_VA + 4096
    ld    a0, 0(t0)                 # faults once, then reads the fresh page
    mv    s2, a0
    la    a0, msg_loaded
    call  puts
    mv    a0, s2
    call  putdec
    la    a0, msg_nl
    call  puts

    la    a0, msg_done
    call  puts
    li    t0, FINISHER
    li    t1, 0x5555
    sw    t1, 0(t0)
1:  j     1b

# S-mode trap handler: page faults only. Registers are saved on a stack that
# sscratch points to (as in samples/traps), since the faulting code must
# resume with every register intact. Values that must survive a call to the
# console routines (which clobber a0, a1, t0-t3) live in s0-s4.
    .balign 4
s_trap:
    csrrw sp, sscratch, sp
    addi  sp, sp, -96
    sd    ra, 0(sp)
    sd    a0, 8(sp)
    sd    a1, 16(sp)
    sd    t0, 24(sp)
    sd    t1, 32(sp)
    sd    t2, 40(sp)
    sd    t3, 48(sp)
    sd    s0, 56(sp)
    sd    s1, 64(sp)
    sd    s2, 72(sp)
    sd    s3, 80(sp)
    sd    s4, 88(sp)

    la    a0, msg_fault             # "  fault: scause=N (name) sepc=0x... stval=0x..."
    call  puts
    csrr  a0, scause
    call  putdec
    csrr  t0, scause
    la    a0, msg_load_pf
    li    t1, 13
    beq   t0, t1, 1f
    la    a0, msg_store_pf
    li    t1, 15
    beq   t0, t1, 1f
    j     fail                      # anything but a load or store page fault
1:  call  puts
    la    a0, msg_sepc
    call  puts
    csrr  a0, sepc
    call  puthex
    la    a0, msg_stval
    call  puts
    csrr  a0, stval
    call  puthex
    la    a0, msg_nl
    call  puts

    # Map the faulting page. Walk from the root as the hardware does, creating
    # each missing table on the way: level 2, then level 1; at level 0, the leaf.
    csrr  s1, stval
    srli  s1, s1, 12
    slli  s1, s1, 12                # s1 = the faulting page's virtual address
    li    t0, DEMAND_VA             # only the demand region [1 GiB, 2 GiB) is ours to fill
    srli  t1, s1, 30
    srli  t0, t0, 30
    bne   t0, t1, fail
    la    s0, root_table            # s0 = the table at the current level
    li    s2, 30                    # s2 = shift of this level's index: 30, 21, then 12
2:  srl   t0, s1, s2
    andi  t0, t0, 511
    slli  t0, t0, 3
    add   s3, s0, t0                # s3 = address of the PTE for s1 at this level
    li    t0, 12
    beq   s2, t0, 4f                # level 0: install the leaf
    ld    t0, 0(s3)
    andi  t1, t0, PTE_V
    bnez  t1, 3f                    # the next-level table exists already
    call  alloc_page                # else: a new, all-invalid table
    mv    s4, a0
    la    a0, msg_newtable          # "  handler: new level-N table at 0x..."
    call  puts
    addi  a0, s2, -21               # the new table's level: shift 30 -> 1, 21 -> 0
    li    t0, 9
    divu  a0, a0, t0
    call  putdec
    la    a0, msg_tableat
    call  puts
    mv    a0, s4
    call  puthex
    la    a0, msg_nl
    call  puts
    srli  t0, s4, 2
    ori   t0, t0, PTE_V             # V without R/W/X: a pointer to the next table
    sd    t0, 0(s3)
3:  srli  t0, t0, 10                # follow the pointer: table = PPN << 12
    slli  s0, t0, 12
    addi  s2, s2, -9
    j     2b
4:  call  alloc_page                # the page itself
    la    t0, last_frame
    sd    a0, 0(t0)
    mv    s4, a0
    srli  t0, a0, 2
    ori   t0, t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    sd    t0, 0(s3)
    la    a0, msg_mapped
    call  puts
    mv    a0, s1
    call  puthex
    la    a0, msg_arrow
    call  puts
    mv    a0, s4
    call  puthex
    la    a0, msg_retry
    call  puts
    sfence.vma s1, zero             # forget any cached translation of this page

    ld    ra, 0(sp)
    ld    a0, 8(sp)
    ld    a1, 16(sp)
    ld    t0, 24(sp)
    ld    t1, 32(sp)
    ld    t2, 40(sp)
    ld    t3, 48(sp)
    ld    s0, 56(sp)
    ld    s1, 64(sp)
    ld    s2, 72(sp)
    ld    s3, 80(sp)
    ld    s4, 88(sp)
    addi  sp, sp, 96
    csrrw sp, sscratch, sp
    sret                            # back to sepc: the faulting instruction runs again

# a0 = a fresh zeroed page from the pool (clobbers t0, t1).
alloc_page:
    la    t0, pool_next
    ld    a0, 0(t0)
    la    t0, pool_end
    bgeu  a0, t0, fail              # pool exhausted
    addi  t0, a0, 2047
    addi  t0, t0, 2047
    addi  t0, t0, 2                 # t0 = a0 + 4096
    la    t1, pool_next
    sd    t0, 0(t1)
    mv    t1, a0
1:  sd    zero, 0(t1)               # every entry of a new table must be invalid
    addi  t1, t1, 8
    bltu  t1, t0, 1b
    ret

fail:                               # something unexpected: report failure (code 1)
    la    a0, msg_fail
    call  puts
    li    t0, FINISHER
    li    t1, (1 << 16) | 0x3333
    sw    t1, 0(t0)
1:  j     1b

    .balign 4
m_trap:                             # no trap should reach M-mode here
    j     fail

    .include "../common/console.s"

# Each section starts on its own page, as vmlab's assembler lays them out, so
# the addresses printed are the same whichever assembler built the program.
    .section .rodata
    .balign 4096
msg_on:       .asciz "paging: Sv39 on; the root table at "
msg_on2:      .asciz " maps the devices (va 0) and RAM (va 0x80000000) with two 1 GiB pages\n"
msg_store:    .asciz "paging: storing 42 at va 0x40000000, which nothing maps\n"
msg_stored:   .asciz "paging: the store completed; loading va 0x40000000 gives "
msg_alias:    .asciz "\npaging: the same frame through RAM's own mapping, va "
msg_colon:    .asciz ", holds "
msg_load:     .asciz "paging: loading from va 0x40001000, the next page\n"
msg_loaded:   .asciz "paging: the load completed and read "
msg_done:     .asciz "paging: done\n"
msg_fault:    .asciz "  fault: scause="
msg_load_pf:  .asciz " (load page fault)"
msg_store_pf: .asciz " (store/AMO page fault)"
msg_sepc:     .asciz " sepc="
msg_stval:    .asciz " stval="
msg_newtable: .asciz "  handler: new level-"
msg_tableat:  .asciz " table at "
msg_mapped:   .asciz "  handler: mapped va "
msg_arrow:    .asciz " -> pa "
msg_retry:    .asciz ", sfence.vma, sret to retry\n"
msg_fail:     .asciz "paging: unexpected trap\n"
msg_nl:       .asciz "\n"

    .data
    .balign 4096
pool_next:   .dword pool
last_frame:  .dword 0

    .bss
    .balign 4096                    # page tables and pages must be page-aligned
root_table:  .space 4096
pool:        .space 4 * 4096        # pages handed out by alloc_page
pool_end:
s_trap_stack:
    .space 512
s_trap_stack_top:
