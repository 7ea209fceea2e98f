// SPDX-License-Identifier: BSD-3-Clause
#pragma once

namespace voxdiff::core {

/// The body of the `voxdiff-decode` helper program: `voxdiff-decode FILE` decodes the
/// compressed or deflated pixel data of one DICOM file with GDCM's codecs and writes a binary
/// answer (the image format, then every frame, or an error code and message) to standard
/// output for the voxdiff or voxdiff-cli process that started it. Runs in its own process so
/// that a codec crash on malformed data ends the helper only (docs/robustness.md).
/// Returns the process exit status.
int runDecodeHelper(int argc, char** argv);

} // namespace voxdiff::core
