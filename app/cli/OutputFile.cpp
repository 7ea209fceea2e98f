#include "OutputFile.h"

#include "voxdiff/Report.h"

namespace voxdiff::cli {

namespace fs = std::filesystem;

core::Status checkOutputPath(const fs::path& path, bool force,
                             const std::vector<std::string>& inputs) {
    std::error_code ec;
    if (fs::exists(path, ec) && !force) {
        return core::makeError(core::ErrorCode::OutputExists,
                               "already exists; refusing to overwrite it (use --force)", path);
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
            return core::makeError(core::ErrorCode::WriteFailed,
                                   "is inside the input folder " + folder.string() +
                                       "; VoxDiff never writes into the data it reads",
                                   path);
        }
    }
    return core::Ok{};
}

core::Status writeOutputFile(const fs::path& path, const std::string& bytes, bool force,
                             const std::vector<std::string>& inputs) {
    if (auto st = checkOutputPath(path, force, inputs); !st) {
        return st;
    }
    return core::writeFileSafely(path, bytes, force);
}

} // namespace voxdiff::cli
