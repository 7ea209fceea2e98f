// libFuzzer harness: a folder of DICOM files (the input split into up to four files at the
// DICM preambles it contains) scanned, grouped and assembled as a series.
#include <algorithm>
#include <cstring>
#include <vector>

#include "FuzzInput.h"
#include "voxdiff/DicomSeries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace voxdiff;
    namespace fs = std::filesystem;
    const fs::path dir = fuzz::scratchDir() / "series";
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    // Split where a new "DICM" magic starts a new file (128 bytes of preamble before it).
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 132; i + 4 <= size && starts.size() < 4; ++i) {
        if (std::memcmp(data + i, "DICM", 4) == 0 && i - 128 > starts.back()) {
            starts.push_back(i - 128);
        }
    }
    starts.push_back(size);
    for (std::size_t f = 0; f + 1 < starts.size(); ++f) {
        fuzz::writeFile(dir / ("f" + std::to_string(f) + ".dcm"), data + starts[f],
                        starts[f + 1] - starts[f]);
    }
    core::LoadOptions options;
    options.maxVolumeBytes = fuzz::kFuzzMaxVolumeBytes;
    (void)core::loadDicom(dir, options);
    return 0;
}
