// SPDX-License-Identifier: BSD-3-Clause
#include "CharsetSamples.h"

#include "TestData.h"

namespace voxdiff::test {

namespace fs = std::filesystem;

fs::path charsetSamplesDir() {
    const fs::path root = sharedDataDir();
    return root.empty() ? fs::path() : root / "charset_samples";
}

core::Json charsetSamplesTruth() {
    const fs::path dir = charsetSamplesDir();
    if (dir.empty() || !fs::exists(dir / "text_truth.json")) {
        return core::Json();
    }
    auto parsed = core::Json::parse(readTextFile(dir / "text_truth.json"));
    return parsed.ok() ? parsed.value() : core::Json();
}

std::vector<std::string> charsetSampleFiles() {
    const core::Json truth = charsetSamplesTruth();
    if (!truth.isObject()) {
        return {kNoSharedData};
    }
    std::vector<std::string> files;
    for (const core::Json& f : truth["files"].asArray()) {
        files.push_back(f["file"].asString());
    }
    return files;
}

const core::Json& charsetSampleTruth(const core::Json& truth, const std::string& file) {
    static const core::Json kNull;
    if (!truth.isObject()) {
        return kNull;
    }
    for (const core::Json& f : truth["files"].asArray()) {
        if (f["file"].asString() == file) {
            return f;
        }
    }
    return kNull;
}

} // namespace voxdiff::test
