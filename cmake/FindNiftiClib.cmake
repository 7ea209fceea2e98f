# SPDX-License-Identifier: BSD-3-Clause
# Finds nifti_clib (libnifti2 + znzlib) as Debian ships it. Debian's own NIFTIConfig.cmake
# points at /usr/lib/libznz.so.3.0.0, a path the package does not install, so find_package(NIFTI)
# fails at generate time; this module locates the real files instead.
# Defines the imported targets NiftiClib::nifti2 and NiftiClib::znz.
find_path(NiftiClib_INCLUDE_DIR nifti2_io.h PATH_SUFFIXES nifti)
find_library(NiftiClib_NIFTI2_LIBRARY nifti2)
find_library(NiftiClib_ZNZ_LIBRARY znz)
find_package(ZLIB REQUIRED)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(NiftiClib
  REQUIRED_VARS NiftiClib_NIFTI2_LIBRARY NiftiClib_ZNZ_LIBRARY NiftiClib_INCLUDE_DIR)

if(NiftiClib_FOUND AND NOT TARGET NiftiClib::znz)
  add_library(NiftiClib::znz UNKNOWN IMPORTED GLOBAL)
  set_target_properties(NiftiClib::znz PROPERTIES
    IMPORTED_LOCATION "${NiftiClib_ZNZ_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${NiftiClib_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES ZLIB::ZLIB)
  add_library(NiftiClib::nifti2 UNKNOWN IMPORTED GLOBAL)
  set_target_properties(NiftiClib::nifti2 PROPERTIES
    IMPORTED_LOCATION "${NiftiClib_NIFTI2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${NiftiClib_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "NiftiClib::znz;m")
endif()
