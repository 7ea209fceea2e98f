#include <iostream>
#include <sstream>

#include "Args.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/DicomWeb.h"
#include "voxdiff/Json.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::cli {

namespace {

std::string dimsText(const core::DicomVolumeEntry& e) {
    std::string s = std::to_string(e.dims[0]) + "x" + std::to_string(e.dims[1]) + "x" +
                    std::to_string(e.dims[2]);
    return e.timePoints > 1 ? s + "x" + std::to_string(e.timePoints) : s;
}

core::Json textOrNull(const std::string& s) {
    return s.empty() ? core::Json() : core::Json(s);
}

/// Patient and study text, decoded through the file's Specific Character Set.
void addTextFields(const core::DicomText& t, core::Json& j) {
    j["patient_name"] = textOrNull(t.patientName);
    j["patient_id"] = textOrNull(t.patientId);
    j["patient_birth_date"] = textOrNull(t.patientBirthDate);
    j["study_date"] = textOrNull(t.studyDate);
    j["study_description"] = textOrNull(t.studyDescription);
    j["series_description"] = textOrNull(t.seriesDescription);
    j["specific_character_set"] = textOrNull(t.specificCharacterSet);
    core::Json issues = core::Json::array();
    for (const std::string& code : t.issues) {
        issues.push(code);
    }
    j["text_issues"] = std::move(issues);
}

core::Json skippedJson(const std::vector<core::SkippedFile>& files) {
    core::Json list = core::Json::array();
    for (const auto& s : files) {
        core::Json j = core::Json::object();
        j["file"] = s.file.string();
        j["reason"] = s.reason;
        j["code"] = std::string(core::errorCodeName(s.code));
        addTextFields(s.text, j);
        list.push(std::move(j));
    }
    return list;
}

core::Json listingJson(const core::DicomListing& listing) {
    core::Json out = core::Json::object();
    out["root"] = listing.root.string();
    core::Json volumes = core::Json::array();
    for (const auto& e : listing.volumes) {
        core::Json v = core::Json::object();
        v["series_instance_uid"] = e.seriesInstanceUid;
        v["sub_volume"] = e.subVolume;
        v["label"] = e.label;
        v["modality"] = e.modality;
        v["series_number"] = e.seriesNumber;
        addTextFields(e.text, v);
        v["file_count"] = e.fileCount;
        v["frame_count"] = e.frameCount;
        v["dims"] = core::Json::Array{e.dims[0], e.dims[1], e.dims[2]};
        v["time_points"] = e.timePoints;
        v["orientation"] = e.orientation;
        v["problem"] = e.problem.empty() ? core::Json() : core::Json(e.problem);
        volumes.push(std::move(v));
    }
    out["volumes"] = std::move(volumes);
    out["skipped"] = skippedJson(listing.skipped);
    out["non_image"] = skippedJson(listing.nonImage);
    return out;
}

void printText(const core::DicomListing& listing) {
    // Paths and reasons may hold any bytes; the terminal gets UTF-8.
    std::ostringstream os;
    for (const auto& e : listing.volumes) {
        os << e.seriesInstanceUid << "  #" << e.subVolume
           << (e.label.empty() ? "" : " (" + e.label + ")") << "  " << e.modality << "  \""
           << e.seriesDescription << "\"  " << e.fileCount << " files, " << e.frameCount
           << " frames  " << dimsText(e) << "  " << e.orientation;
        if (!e.text.patientName.empty()) {
            os << "  patient \"" << e.text.patientName << "\"";
        }
        if (!e.problem.empty()) {
            os << "  NOT LOADABLE: " << e.problem;
        }
        os << "\n";
    }
    for (const auto& s : listing.skipped) {
        os << "skipped: " << s.file.string() << ": " << s.reason << "\n";
    }
    for (const auto& s : listing.nonImage) {
        os << "not an image: " << s.file.string() << ": " << s.reason << "\n";
    }
    std::cout << core::toValidUtf8(os.str());
}

} // namespace

int runSeries(int argc, char** argv) {
    Args args(argc, argv, 2, {}, {"json"});
    if (!args.error().empty() || args.positional().size() != 1) {
        std::cerr << "voxdiff-cli series: "
                  << (args.error().empty() ? "expects one PATH" : args.error())
                  << "\nusage: voxdiff-cli series PATH [--json]\n";
        return kExitUsage;
    }
    if (core::isDicomWebUrl(args.positional()[0])) {
        return runSeriesOfStudy(args.positional()[0], args.has("json"));
    }
    auto listing = core::scanDicom(args.positional()[0]);
    if (!listing) {
        std::cerr << "voxdiff-cli: error: " << listing.error().describe() << "\n";
        return exitCodeFor(listing.error().code);
    }
    if (args.has("json")) {
        std::cout << listingJson(listing.value()).dump(2) << "\n";
    } else {
        printText(listing.value());
    }
    // A listing with nothing loadable is still printed (it says why), but scripts must see it.
    return listing->volumes.empty() ? kExitNoImage : kExitOk;
}

} // namespace voxdiff::cli
