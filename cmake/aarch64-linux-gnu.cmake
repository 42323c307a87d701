# Cross-builds the runtime library and its tests for AArch64 Linux with clang,
# against Debian's arm64 cross packages (libc6-dev-arm64-cross and the GCC 12
# cross runtime, g++-aarch64-linux-gnu: headers and libraries under
# /usr/aarch64-linux-gnu, libstdc++ and crt files under
# /usr/lib/gcc-cross/aarch64-linux-gnu). The binaries run under qemu:
#
#   cmake -G Ninja -S . -B build-aarch64 -DCMAKE_BUILD_TYPE=Release \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake -DQUANTC_RUNTIME_ONLY=ON
#   ninja -C build-aarch64 check-quantc-runtime
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(QUANTC_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER clang-22)
set(CMAKE_CXX_COMPILER clang++-22)
set(CMAKE_C_COMPILER_TARGET ${QUANTC_CROSS_TRIPLE})
set(CMAKE_CXX_COMPILER_TARGET ${QUANTC_CROSS_TRIPLE})
# Debian's cross layout is what clang's driver looks for by itself when given
# --target; lld links without needing binutils for the target.
set(CMAKE_EXE_LINKER_FLAGS_INIT -fuse-ld=lld)
set(CMAKE_SHARED_LINKER_FLAGS_INIT -fuse-ld=lld)

set(CMAKE_FIND_ROOT_PATH /usr/${QUANTC_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# -cpu max: every extension qemu emulates (dotprod, i8mm, ...), so that all
# kernel variants run; -L: where the target's dynamic loader and libc live.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -cpu max -L /usr/${QUANTC_CROSS_TRIPLE})
