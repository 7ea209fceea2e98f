// SPDX-License-Identifier: BSD-3-Clause
#include <fstream>

#include "io/SafeOutput.h"
#include "voxdiff/Report.h"

namespace voxdiff::core {

Status writeFileSafely(const std::filesystem::path& path, const std::string& bytes,
                       bool overwrite) {
    auto output = SafeOutputFile::begin(path, overwrite);
    if (!output) {
        return output.error();
    }
    {
        std::ofstream out(output->tempPath(), std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            return makeError(ErrorCode::WriteFailed, "cannot write the file", path);
        }
    }
    return output->commit();
}

} // namespace voxdiff::core
