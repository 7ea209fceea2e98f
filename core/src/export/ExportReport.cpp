// SPDX-License-Identifier: BSD-3-Clause
#include <sstream>

#include "voxdiff/ComparisonReport.h"
#include "voxdiff/DicomExport.h"

namespace voxdiff::core {

Json exportReportJson(const DicomExportResult& result, const Volume& input,
                      const DicomExportOptions& options) {
    Json exported = Json::object();
    exported["kind"] = dicomExportKindName(options.kind);
    exported["folder"] = result.folder.string();
    exported["files"] = result.fileCount;
    exported["series_instance_uid"] = result.seriesInstanceUid;
    exported["units"] = result.units;
    exported["units_source"] = unitsSourceName(result.unitsSource);
    exported["reordered"] = result.reordered;
    exported["axis_map"] = result.axisMap;
    if (options.kind == DicomExportKind::Pet) {
        exported["pet_quantization"] = petQuantizationName(options.petQuantization);
    }
    exported["round_trip_verdict"] = verdictName(result.roundTrip.verdict);
    exported["verified"] = result.verified;
    Json root = Json::object();
    root["export"] = std::move(exported);
    root["round_trip"] = comparisonToJson(result.roundTrip, input, result.readBack, {});
    return root;
}

std::string exportSummaryText(const DicomExportResult& result, const Volume& input) {
    (void)input;
    std::ostringstream os;
    const bool pm = result.kind == DicomExportKind::ParametricMap;
    os << "Exported " << result.fileCount << (result.fileCount == 1 ? " file" : " files") << " ("
       << (pm ? "Parametric Map, float32" : "PET, int16 with a slope per slice") << ", units "
       << result.units << " (" << unitsSourceName(result.unitsSource) << ")) to "
       << result.folder.string() << "\n";
    if (result.reordered) {
        os << "The input was reordered onto the reference's index order (" << result.axisMap
           << ").\n";
    }
    os << "Round trip: " << verdictName(result.roundTrip.verdict) << ". "
       << result.roundTrip.verdictReason << "\n";
    os << (result.verified ? "Verified: the export holds the input's values.\n"
                           : "NOT verified: the export does not hold the input's values.\n");
    return os.str();
}

} // namespace voxdiff::core
