# SPDX-License-Identifier: BSD-3-Clause
# Compiler settings shared by every VoxDiff target.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

if(VOXDIFF_SANITIZE)
  string(REPLACE "," ";" _voxdiff_sanitizers "${VOXDIFF_SANITIZE}")
  foreach(_s IN LISTS _voxdiff_sanitizers)
    if(NOT _s MATCHES "^(address|undefined|leak|thread)$")
      message(FATAL_ERROR "VOXDIFF_SANITIZE: unknown sanitizer '${_s}'")
    endif()
  endforeach()
  add_compile_options(-fsanitize=${VOXDIFF_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  if(VOXDIFF_BUILD_FUZZERS)
    # Coverage for libFuzzer in every VoxDiff target, not only the harnesses.
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
  add_link_options(-fsanitize=${VOXDIFF_SANITIZE})
endif()

# Warnings for our own targets (third-party headers are included as SYSTEM by their targets).
function(voxdiff_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
    # GCC 12 reports false positives inside std::variant (GCC bug 105562 and kin).
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
endfunction()
