// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "RunProcess.h"
#include "TestData.h"

namespace voxdiff::test {

/// "Äneas Rüdiger 山田": Latin-1 letters and CJK, the name every report must show exactly.
inline const std::string kUnicodeFolderName = "\xc3\x84neas R\xc3\xbc"
                                              "diger \xe5\xb1\xb1\xe7\x94\xb0";

/// The built-in demo pair written by `voxdiff-cli demo` into a folder named
/// kUnicodeFolderName, and compared by `voxdiff-cli compare` into reports in that folder.
class UnicodeFolderReports : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto r = runCli({"demo", folder().string()});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    std::filesystem::path folder() const { return m_dir / kUnicodeFolderName; }
    std::filesystem::path report(const std::string& stem, const std::string& ext) const {
        return folder() / (stem + "." + ext);
    }
    /// Compares the pair into STEM.html, STEM.pdf and STEM.json; in SUV the pair is
    /// EQUIVALENT, in stored units (Bq/ml against SUV) DIFFERENT.
    ProcessResult compare(const std::string& stem, bool suv) const {
        std::vector<std::string> args{"compare",
                                      (folder() / "pet_suv.nii.gz").string(),
                                      (folder() / "pet_dicom").string(),
                                      "--html",
                                      report(stem, "html").string(),
                                      "--pdf",
                                      report(stem, "pdf").string(),
                                      "--json",
                                      report(stem, "json").string()};
        if (suv) {
            args.push_back("--suv");
        }
        return runCli(args);
    }
    TempDir m_dir;
};

} // namespace voxdiff::test
