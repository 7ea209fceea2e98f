// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-decode FILE: the pixel decoding helper voxdiff and voxdiff-cli start for compressed
// DICOM files. Not meant to be run by hand: its output is a binary answer for its parent.
#include "voxdiff/DecodeHelper.h"

int main(int argc, char** argv) {
    return voxdiff::core::runDecodeHelper(argc, argv);
}
