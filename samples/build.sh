#!/bin/sh
# Builds the samples and labos with vmlab's own assembler, as the tests do.
# Usage: samples/build.sh [sample.s ...]   (extra arguments to `vmlab asm`, such as -D, via ASMFLAGS)
set -e
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
  set -- "$here"/hello/hello.s "$here"/traps/traps.s "$here"/paging/paging.s \
         "$here"/timer/timer.s "$here"/syscalls/syscalls.s "$here"/labos/labos.s
fi
for src in "$@"; do
  out="$(dirname "$src")/$(basename "$src" .s).elf"
  "$here"/../vmlab asm ${ASMFLAGS:-} -o "$out" "$src"
  echo "built ${out#$here/}"
done
