#!/bin/sh
# Build both bench guests. ITERS may be overridden: ITERS=1000 ./build.sh
set -e
cd "$(dirname "$0")"
ITERS=${ITERS:-30000}
CC=riscv64-unknown-elf-gcc
CFLAGS="-O2 -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -ffreestanding -fno-builtin -static -Wall -DITERS=$ITERS"
$CC $CFLAGS -T link.ld start.S bench.c -o bench-bare.elf
$CC $CFLAGS -DUSE_SV39 -T link.ld start.S bench.c -o bench-sv39.elf
riscv64-unknown-elf-size bench-bare.elf bench-sv39.elf
