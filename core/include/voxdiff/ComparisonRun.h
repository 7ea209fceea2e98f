// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "voxdiff/Comparison.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/Report.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// Two loaded images, their comparison and the settings it ran with.
struct ComparisonRun {
    ComparisonSettings settings;
    std::shared_ptr<const Volume> first;
    std::shared_ptr<const Volume> second;
    Comparison comparison;
};

/// Loads both paths and compares them under `settings`: the one comparison every face runs
/// (the CLI, the viewer's headless export). Errors: those of loadImage (naming the file) and
/// of compareVolumes.
Result<ComparisonRun> runComparison(const std::filesystem::path& first,
                                    const std::filesystem::path& second,
                                    const ComparisonSettings& settings,
                                    const ProgressCallback& progress = {},
                                    const std::atomic<bool>* cancel = nullptr);

/// The output rules: OutputExists when the path exists and !force; WriteFailed when it lies
/// inside one of the input folders (outputs never go into the data being compared).
Status checkOutputPath(const std::filesystem::path& path, bool force,
                       const std::vector<std::filesystem::path>& inputs);

/// checkOutputPath, then the bytes through a temporary file renamed into place.
Status writeOutput(const std::filesystem::path& path, const std::string& bytes, bool force,
                   const std::vector<std::filesystem::path>& inputs);

/// A report of a run: the JSON, HTML or PDF report, or the per-slice table as CSV.
enum class ReportFormat { Json, Html, Pdf, Csv };

/// The report format named by a file's extension (.json, .html/.htm, .pdf), if any (a
/// per-slice CSV is only ever asked for by name).
std::optional<ReportFormat> reportFormatFor(const std::filesystem::path& file);

/// Everything an exported report needs besides the run.
struct ExportRequest {
    ReportOptions report; ///< its settings and anonymize are taken from the run and below
    bool anonymize = false;
    bool force = false;
    std::vector<std::filesystem::path> inputs; ///< never written into
};

/// The report bytes of a run in a format (JSON, HTML, PDF or CSV), with the settings used.
std::string renderReport(const ComparisonRun& run, ReportFormat format,
                         const ExportRequest& request);

/// Renders and writes a report under the output rules. Errors: InvalidArgument (unknown
/// extension), OutputExists, WriteFailed.
Status exportReport(const std::filesystem::path& file, const ComparisonRun& run,
                    const ExportRequest& request);

/// One report file to write after a comparison.
struct ReportOutput {
    ReportFormat format = ReportFormat::Json;
    std::filesystem::path file;
};

/// What a face asks for: two inputs, the settings, the reports to write.
struct ComparisonRequest {
    std::filesystem::path first;
    std::filesystem::path second;
    ComparisonSettings settings;
    std::vector<ReportOutput> outputs; ///< checked before anything is loaded, written in order
    bool anonymize = false;            ///< the reports leave names, IDs, dates and paths out
    bool force = false;                ///< existing outputs may be replaced
    /// The process ends after this run (voxdiff-cli compare, voxdiff --export-report): large
    /// uncompressed float32 NIfTI inputs are mapped, not copied (LoadOptions::mapFiles).
    bool mapFiles = false;
};

/// The one comparison of the faces (voxdiff-cli compare, voxdiff --export-report): checks
/// every output under the output rules first (so a long comparison never ends in
/// OutputExists), runs the comparison, then writes each report; the face only presents the
/// run. Errors: those of checkOutputPath, runComparison and writeOutput.
Result<ComparisonRun> compareAndReport(const ComparisonRequest& request,
                                       const ProgressCallback& progress = {},
                                       const std::atomic<bool>* cancel = nullptr);

} // namespace voxdiff::core
