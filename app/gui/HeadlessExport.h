// SPDX-License-Identifier: BSD-3-Clause
#pragma once

namespace voxdiff::gui {

/// True when the command line asks for `--export-report FILE`: then no window is shown.
bool wantsHeadlessExport(int argc, char** argv);

/// `voxdiff FIRST SECOND --export-report FILE [--force] [--anonymize] [SETTINGS]`: runs the
/// viewer's comparison (the core's policy, the same settings as voxdiff-cli compare) without a
/// display, writes the JSON, HTML or PDF report by extension and returns voxdiff-cli's exit
/// status.
int runHeadlessExport(int argc, char** argv);

} // namespace voxdiff::gui
