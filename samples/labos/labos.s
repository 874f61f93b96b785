# labos: a small teaching kernel for vmlab, in RISC-V assembly (RV64, Sv39).
#
# What it does, in order:
#   boot.s    M-mode: PMP, trap delegation, timer forwarding; mret to S-mode.
#   vm.s      S-mode: builds the kernel's Sv39 page table, turns paging on.
#   kernel.s  creates two processes, each with its own page table; arms the
#             timer; runs them round robin, switching on every timer tick and
#             on yield(); serves write, getpid, sched_yield and exit; when both
#             have exited, powers off through the test finisher (status 0 if
#             both exited with 0).
#   trap.s    the trap entry and exit: all of a process's registers in its
#             trap frame; kernel-mode interrupts on their own vector.
#   user.s    the two user programs, ping and pong.
#   priv.s    every privileged operation of the kernel, as a macro: the one
#             place a para-virtualized or legacy variant redefines.
#   console.s printing through the UART (kprintf).
#
# Physical memory (RAM at 0x80000000; every section starts on a page):
#   .text    boot, kernel code; then the user images, page-aligned
#            (user_images .. user_images_end: per program a code page and a data page)
#   .rodata  strings                                    [rodata_start, data_start)
#   .data    kernel variables
#   .bss     the process table, kernel stack, page pool  [.., kernel_end)
# Every page table maps, with U=0 and va = pa: the kernel's code (R-X), its
# read-only data (R--), its data and bss (RW-), the UART page and the test
# finisher's page (RW-). A process's table adds, with U=1:
#   va 0x10000 code (R-X), 0x11000 data (RW-), 0x12000 stack (RW-, sp = 0x13000).
#
# Run:   ./vmlab run samples/labos/labos.elf
# Look:  ./vmlab run --trace trap,irq samples/labos/labos.elf      (ecalls, ticks, SBI calls)
#        ./vmlab run --trace csr samples/labos/labos.elf 2>&1 | grep -e satp -e stvec
#        ./vmlab run --trace tlb samples/labos/labos.elf 2>&1 | grep sfence
# The output and the instruction count are the same on every run: vmlab's
# time advances with retired instructions, so ticks land at the same places.

# ---- the machine ----
    .equ UART,           0x10000000     # 16550: transmit register
    .equ UART_LSR,       5              # line status register offset
    .equ UART_LSR_THRE,  0x20           # transmitter empty
    .equ FINISHER,       0x100000       # SiFive test finisher
    .equ CLINT_MTIMECMP, 0x2004000      # hart 0's timer compare register
    .equ PAGE_SIZE,      4096

    .equ MSTATUS_MPP,    3 << 11        # privilege mret returns to
    .equ MSTATUS_MPP_S,  1 << 11
    .equ MIP_SSIP,       1 << 1         # supervisor software interrupt
    .equ MIP_STIP,       1 << 5         # supervisor timer interrupt
    .equ MIE_MTIE,       1 << 7         # mie: machine timer interrupt enable
    .equ MIP_SEIP,       1 << 9         # supervisor external interrupt
    .equ PMP_TOR,        1 << 3         # pmpcfg.A = top of range
    .equ PMP_RWX,        7
    .equ PTE_V,          1 << 0         # page-table entry flags (see vm.s)
    .equ PTE_R,          1 << 1
    .equ PTE_W,          1 << 2
    .equ PTE_X,          1 << 3
    .equ PTE_U,          1 << 4
    .equ PTE_A,          1 << 6
    .equ PTE_D,          1 << 7
    .equ SATP_MODE_SV39, 8              # satp bits 63..60
    .equ IRQ_S_TIMER,    5              # scause of a supervisor timer interrupt (bit 63 aside)
    .equ EXC_ECALL_U,    8              # scause of an ecall from U-mode

# ---- SBI (the firmware interface, a7 = extension, a6 = function) ----
    .equ SBI_EXT_TIME,          0x54494d45  # "TIME"
    .equ SBI_TIME_SET_TIMER,    0
    .equ SBI_SUCCESS,           0
    .equ SBI_ERR_NOT_SUPPORTED, -2

# ---- the kernel ----
    .equ TICK_INTERVAL, 1000            # mtime ticks (10 MHz) between timer interrupts
    .equ NPROC,         2               # processes
    .equ POOL_PAGES,    24              # pages for page tables and user stacks
    .equ KBUF_SIZE,     64              # write() copies user data in pieces this big
    .equ USER_BASE,     0x10000         # lowest user address
    .equ USER_TEXT,     0x10000
    .equ USER_DATA,     0x11000
    .equ USER_STACK,    0x12000
    .equ USER_STACK_TOP, 0x13000
    .equ USER_END,      0x13000         # one past the highest user address
    .equ PING_SPIN,     5000           # ping's loop count per round

# system calls (RISC-V Linux numbers) and error codes
    .equ SYS_WRITE,  64
    .equ SYS_EXIT,   93
    .equ SYS_YIELD,  124                # sched_yield
    .equ SYS_GETPID, 172
    .equ EBADF,  9
    .equ EFAULT, 14
    .equ ENOSYS, 38

# The process control block (PCB). It starts with the trap frame: the user's
# pc at 0 and register xN at N * 8 (x0 needs no slot, so the pc takes it).
    .equ TF_PC,     0
    .equ TF_SP,     2 * 8
    .equ TF_A0,     10 * 8
    .equ TF_A1,     11 * 8
    .equ TF_A2,     12 * 8
    .equ TF_A7,     17 * 8
    .equ P_SATP,    256                 # satp selecting its page table
    .equ P_PID,     264
    .equ P_STATE,   272                 # P_UNUSED, P_RUNNABLE or P_ZOMBIE
    .equ P_NAME,    280                 # address of its name
    .equ P_XSTATUS, 288                 # exit status
    .equ P_TICKS,   296                 # timer ticks that hit it while it ran
    .equ P_SHIFT,   9                   # a PCB is 1 << 9 = 512 bytes
    .equ P_SIZE,    1 << P_SHIFT
    .equ P_UNUSED,   0
    .equ P_RUNNABLE, 1
    .equ P_ZOMBIE,   2

    .equ CH_0, 0x30                     # '0'

    .include "priv.s"

# The start of each section, page-aligned (vmlab's assembler places every
# section on a page boundary; these directives make GNU's layout the same).
    .section .rodata
    .balign 4096
rodata_start:
    .data
    .balign 4096
data_start:
    .bss
    .balign 4096

    .text
    .include "boot.s"                   # first: _start must be at 0x80000000
    .include "trap.s"
    .include "kernel.s"
    .include "vm.s"
    .include "console.s"
    .include "user.s"                   # last in .text: the user images

    .bss
    .balign 4096
kernel_end:
