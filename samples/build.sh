#!/bin/sh
# Builds the samples and labos with the GNU RISC-V toolchain, exactly as the tests do
# (until vmlab's own assembler replaces it). Usage: samples/build.sh [sample.s ...]
#
# The flags keep GNU to the subset vmlab's assembler accepts: RV64IMA + Zicsr + Zifencei,
# no compressed instructions (no C in -march), no linker relaxation (which could rewrite
# `call` and `la` sequences, and would use an uninitialised gp). -N links .text at
# 0x80000000 followed by .rodata, .data, .bss; sources that need page alignment say
# `.balign 4096` themselves.
set -e
here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-riscv64-unknown-elf-gcc}
if [ $# -eq 0 ]; then
  set -- "$here"/hello/hello.s "$here"/traps/traps.s "$here"/paging/paging.s \
         "$here"/timer/timer.s "$here"/syscalls/syscalls.s "$here"/labos/labos.s
fi
for src in "$@"; do
  dir=$(cd "$(dirname "$src")" && pwd)
  out="$dir/$(basename "$src" .s).elf"
  "$CC" -march=rv64ima_zicsr_zifencei -mabi=lp64 -mno-relax -nostdlib -nostartfiles -static \
      -Wa,-I,"$dir" -Wl,-N -Wl,-Ttext=0x80000000 -Wl,--no-relax -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
      -x assembler -o "$out" "$src"
  echo "built ${out#$here/}"
done
