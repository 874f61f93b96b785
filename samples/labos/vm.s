# vm.s: Sv39 page tables.
#
# Sv39 translates a 39-bit virtual address in three steps. Its bits 38..30
# select an entry of the root table (level 2), bits 29..21 an entry of a
# level-1 table, bits 20..12 an entry of a level-0 table; bits 11..0 are the
# offset in the page. Each table is one 4 KiB page of 512 eight-byte entries.
# A page-table entry (PTE) holds a physical page number (PPN, pa >> 12) in
# bits 53..10 and flags in bits 7..0:
#     V valid, R W X permissions, U user-accessible, G global, A accessed, D dirty.
# V with R=W=X=0 points to the next table; any of R, W, X makes a leaf.
#
# This kernel builds one tree per address space: the kernel's own, and one per
# process. Every tree maps the kernel (identity: va = pa, U=0), so the kernel
# keeps running whichever tree satp points to; a process's tree adds its
# pages at low addresses with U=1.

# (The PTE_* flags and SATP_MODE_SV39 are defined in labos.s.)

# alloc_page() -> a0: a zeroed page from the pool (clobbers t0, t1).
# A new page table must be all zeros: every entry invalid.
alloc_page:
    la    t0, pool_next
    ld    a0, 0(t0)
    la    t1, page_pool_end
    bgeu  a0, t1, 2f
    li    t1, PAGE_SIZE
    add   t1, a0, t1
    sd    t1, 0(t0)                 # pool_next += one page
    mv    t0, a0
1:  sd    zero, 0(t0)
    addi  t0, t0, 8
    bltu  t0, t1, 1b
    ret
2:  la    a0, msg_no_pages
    j     panic

# map_page(a0 = root, a1 = va, a2 = pa, a3 = leaf flags): map one 4 KiB page,
# creating the level-1 and level-0 tables on the way when they are missing.
# This is the hardware's walk done by software, with allocation added.
map_page:
    addi  sp, sp, -64
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    sd    s1, 16(sp)
    sd    s2, 24(sp)
    sd    s3, 32(sp)
    sd    s4, 40(sp)
    sd    s5, 48(sp)
    mv    s0, a0                    # s0 = the table at this level
    mv    s1, a1
    mv    s2, a2
    mv    s3, a3
    li    s4, 30                    # s4 = shift of this level's index: 30, 21, 12
1:  srl   t0, s1, s4
    andi  t0, t0, 511
    slli  t0, t0, 3
    add   s5, s0, t0                # s5 = address of the PTE at this level
    li    t0, 12
    beq   s4, t0, 3f                # level 0: write the leaf
    ld    t0, 0(s5)
    andi  t1, t0, PTE_V
    bnez  t1, 2f
    call  alloc_page                # no table below this entry yet: make one
    srli  t0, a0, 2                 # PPN << 10 = (pa >> 12) << 10 = pa >> 2
    ori   t0, t0, PTE_V             # V alone: "the next level is there"
    PTE_WRITE t0, s5
2:  srli  t0, t0, 10                # follow the entry down: table = PPN << 12
    slli  s0, t0, 12
    addi  s4, s4, -9
    j     1b
3:  srli  t0, s2, 2                 # the leaf: the page's PPN and its permissions;
    or    t0, t0, s3                # A and D are set now, so the hardware never
    ori   t0, t0, PTE_V | PTE_A | PTE_D   # needs to write them back to this table
    PTE_WRITE t0, s5
    ld    ra, 0(sp)
    ld    s0, 8(sp)
    ld    s1, 16(sp)
    ld    s2, 24(sp)
    ld    s3, 32(sp)
    ld    s4, 40(sp)
    ld    s5, 48(sp)
    addi  sp, sp, 64
    ret

# map_range(a0 = root, a1 = va, a2 = pa, a3 = size, a4 = flags): map_page for
# each page of a page-aligned range.
map_range:
    addi  sp, sp, -48
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    sd    s1, 16(sp)
    sd    s2, 24(sp)
    sd    s3, 32(sp)
    sd    s4, 40(sp)
    mv    s0, a0
    mv    s1, a1
    mv    s2, a2
    mv    s3, a3
    mv    s4, a4
1:  blez  s3, 2f
    mv    a0, s0
    mv    a1, s1
    mv    a2, s2
    mv    a3, s4
    call  map_page
    li    t0, PAGE_SIZE
    add   s1, s1, t0
    add   s2, s2, t0
    sub   s3, s3, t0
    j     1b
2:  ld    ra, 0(sp)
    ld    s0, 8(sp)
    ld    s1, 16(sp)
    ld    s2, 24(sp)
    ld    s3, 32(sp)
    ld    s4, 40(sp)
    addi  sp, sp, 48
    ret

# kvm_map(a0 = root): the kernel's part of every tree, identity-mapped, U=0:
#   code (boot.s and the kernel)  R-X     [_start, user_images)
#   read-only data                R--     [rodata_start, data_start)
#   data, bss, stack, page pool   RW-     [data_start, kernel_end)
#   the UART and the test finisher, one page each, RW-
# The user programs' pages (user_images..) are not in it: the kernel reaches
# user memory only through a process's own mappings.
kvm_map:
    addi  sp, sp, -16
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    mv    s0, a0
    la    a1, _start
    mv    a2, a1
    la    a3, user_images
    sub   a3, a3, a1
    li    a4, PTE_R | PTE_X
    call  map_range
    mv    a0, s0
    la    a1, rodata_start
    mv    a2, a1
    la    a3, data_start
    sub   a3, a3, a1
    li    a4, PTE_R
    call  map_range
    mv    a0, s0
    la    a1, data_start
    mv    a2, a1
    la    a3, kernel_end
    sub   a3, a3, a1
    li    a4, PTE_R | PTE_W
    call  map_range
    mv    a0, s0
    li    a1, UART
    mv    a2, a1
    li    a3, PTE_R | PTE_W
    call  map_page
    mv    a0, s0
    li    a1, FINISHER
    mv    a2, a1
    li    a3, PTE_R | PTE_W
    call  map_page
    ld    ra, 0(sp)
    ld    s0, 8(sp)
    addi  sp, sp, 16
    ret

# make_satp(a0 = root) -> a0 = the satp value selecting that tree:
# MODE = Sv39 in bits 63..60, ASID 0, the root's PPN in bits 43..0.
make_satp:
    li    t0, SATP_MODE_SV39
    slli  t0, t0, 60
    srli  a0, a0, 12
    or    a0, a0, t0
    ret

# kvm_init(): build the kernel's own tree and turn paging on.
kvm_init:
    addi  sp, sp, -16
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    call  alloc_page
    mv    s0, a0
    call  kvm_map
    mv    a0, s0
    call  make_satp
    la    t0, kernel_satp
    sd    a0, 0(t0)
    la    t0, active_satp
    sd    a0, 0(t0)
    # From the next instruction on, every fetch, load and store of S-mode is
    # translated. The kernel survives the switch because va = pa for its pages.
    CSR_WRITE_SATP a0
    # The TLB may still hold translations made under the old satp (or none):
    # sfence.vma orders the page-table writes above before any later walk and
    # drops stale entries. Required after every change to the tables or satp.
    SFENCE_ALL
    la    a0, msg_paging
    mv    a1, s0
    la    t0, kernel_satp
    ld    a2, 0(t0)
    call  kprintf
    ld    ra, 0(sp)
    ld    s0, 8(sp)
    addi  sp, sp, 16
    ret

    .section .rodata
msg_paging:   .asciz "labos: S-mode kernel: Sv39 paging on, kernel page table at %x (satp %x)\n"
msg_no_pages: .asciz "out of page-table pages"

    .data
    .balign 8
pool_next:    .dword page_pool      # the next free page of the pool
kernel_satp:  .dword 0              # satp of the kernel's own tree
active_satp:  .dword 0              # what satp holds now

    .bss
    .balign 4096
page_pool:    .space POOL_PAGES * PAGE_SIZE
page_pool_end:

    .text
