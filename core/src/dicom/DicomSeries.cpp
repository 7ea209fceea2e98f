#include "voxdiff/DicomSeries.h"

namespace voxdiff::core {

Result<DicomListing> scanDicom(const std::filesystem::path& path, const ProgressCallback&,
                               const std::atomic<bool>*) {
    return makeError(ErrorCode::UnsupportedData, "DICOM reading is not implemented yet", path);
}

Result<Volume> loadDicomVolume(const DicomVolumeEntry& entry, const LoadOptions&) {
    return makeError(ErrorCode::UnsupportedData, "DICOM reading is not implemented yet",
                     entry.files.empty() ? std::filesystem::path{} : entry.files.front());
}

Result<Volume> loadDicom(const std::filesystem::path& path, const LoadOptions&) {
    return makeError(ErrorCode::UnsupportedData, "DICOM reading is not implemented yet", path);
}

} // namespace voxdiff::core
