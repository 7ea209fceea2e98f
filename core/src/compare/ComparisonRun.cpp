// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/ComparisonRun.h"

#include <algorithm>
#include <cctype>

#include "compare/RunInternal.h"
#include "voxdiff/ComparisonReport.h"
#include "voxdiff/ImageLoader.h"

namespace voxdiff::core {

namespace fs = std::filesystem;

Result<ComparisonRun> detail::loadAndCompare(const std::array<fs::path, 2>& paths,
                                             const std::array<LoadOptions, 2>& load,
                                             const ComparisonSettings& settings,
                                             const ProgressCallback& progress,
                                             const std::atomic<bool>* cancel) {
    ComparisonRun run;
    run.settings = settings;
    for (Side side : {Side::First, Side::Second}) {
        const auto n = static_cast<std::size_t>(side == Side::First ? 0 : 1);
        auto volume = loadImage(paths[n], load[n]);
        if (!volume) {
            return volume.error();
        }
        auto shared = std::make_shared<const Volume>(std::move(volume).value());
        (side == Side::First ? run.first : run.second) = std::move(shared);
    }
    CompareOptions options = compareOptionsFor(settings);
    options.progress = progress;
    options.cancel = cancel;
    auto comparison = compareVolumes(*run.first, *run.second, options);
    if (!comparison) {
        return comparison.error();
    }
    run.comparison = std::move(comparison).value();
    return run;
}

namespace {

Result<ComparisonRun> loadBothAndCompare(const fs::path& first, const fs::path& second,
                                         const ComparisonSettings& settings,
                                         const ProgressCallback& progress,
                                         const std::atomic<bool>* cancel, bool mapFiles) {
    std::array<LoadOptions, 2> load{loadOptionsFor(settings, Side::First),
                                    loadOptionsFor(settings, Side::Second)};
    for (LoadOptions& l : load) {
        l.progress = progress;
        l.cancel = cancel;
        l.mapFiles = mapFiles;
    }
    return detail::loadAndCompare({first, second}, load, settings, progress, cancel);
}

} // namespace

Result<ComparisonRun> runComparison(const fs::path& first, const fs::path& second,
                                    const ComparisonSettings& settings,
                                    const ProgressCallback& progress,
                                    const std::atomic<bool>* cancel) {
    return loadBothAndCompare(first, second, settings, progress, cancel, false);
}

Status checkOutputPath(const fs::path& path, bool force, const std::vector<fs::path>& inputs) {
    std::error_code ec;
    if (fs::exists(path, ec) && !force) {
        return makeError(ErrorCode::OutputExists, "already exists; refusing to overwrite it", path);
    }
    const fs::path target = fs::weakly_canonical(fs::absolute(path), ec);
    for (const auto& input : inputs) {
        std::error_code ec2;
        if (!fs::is_directory(input, ec2)) {
            continue;
        }
        const fs::path folder = fs::weakly_canonical(fs::absolute(input), ec2);
        const auto rel = target.lexically_relative(folder);
        if (!rel.empty() && rel.native().rfind("..", 0) != 0) {
            return makeError(ErrorCode::WriteFailed,
                             "is inside the input folder " + folder.string() +
                                 "; VoxDiff never writes into the data it reads",
                             path);
        }
    }
    return Ok{};
}

Status writeOutput(const fs::path& path, const std::string& bytes, bool force,
                   const std::vector<fs::path>& inputs) {
    if (auto st = checkOutputPath(path, force, inputs); !st) {
        return st;
    }
    return writeFileSafely(path, bytes, force);
}

std::optional<ReportFormat> reportFormatFor(const fs::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".json") {
        return ReportFormat::Json;
    }
    if (ext == ".html" || ext == ".htm") {
        return ReportFormat::Html;
    }
    if (ext == ".pdf") {
        return ReportFormat::Pdf;
    }
    return std::nullopt;
}

std::string renderReport(const ComparisonRun& run, ReportFormat format,
                         const ExportRequest& request) {
    if (format == ReportFormat::Csv) {
        return perSliceCsv(run.comparison);
    }
    if (format == ReportFormat::Json) {
        return comparisonToJson(run.comparison, *run.first, *run.second, run.settings,
                                request.anonymize)
            .dump(2);
    }
    ReportOptions options = request.report;
    options.settings = run.settings;
    options.anonymize = request.anonymize;
    const ReportModel model = buildReport(*run.first, *run.second, run.comparison,
                                          compareOptionsFor(run.settings), options);
    return format == ReportFormat::Pdf ? renderPdfReport(model) : renderHtmlReport(model);
}

Status exportReport(const fs::path& file, const ComparisonRun& run, const ExportRequest& request) {
    const auto format = reportFormatFor(file);
    if (!format) {
        return makeError(ErrorCode::InvalidArgument, "a report file ends in .json, .html or .pdf",
                         file);
    }
    if (auto st = checkOutputPath(file, request.force, request.inputs); !st) {
        return st;
    }
    return writeFileSafely(file, renderReport(run, *format, request), request.force);
}

Result<ComparisonRun> compareAndReport(const ComparisonRequest& request,
                                       const ProgressCallback& progress,
                                       const std::atomic<bool>* cancel) {
    ExportRequest exportRequest;
    exportRequest.anonymize = request.anonymize;
    exportRequest.force = request.force;
    exportRequest.inputs = {request.first, request.second};
    for (const ReportOutput& output : request.outputs) {
        if (auto st = checkOutputPath(output.file, request.force, exportRequest.inputs); !st) {
            return st.error();
        }
    }
    auto run = loadBothAndCompare(request.first, request.second, request.settings, progress, cancel,
                                  request.mapFiles);
    if (!run) {
        return run.error();
    }
    for (const ReportOutput& output : request.outputs) {
        const std::string bytes = renderReport(run.value(), output.format, exportRequest);
        if (auto st = writeOutput(output.file, bytes, request.force, exportRequest.inputs); !st) {
            return st.error();
        }
    }
    return run;
}

} // namespace voxdiff::core
