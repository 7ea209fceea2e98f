// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "RunProcess.h"
#include "TestData.h"

namespace voxdiff::test {

/// A fresh built-in demo pair, written by `voxdiff-cli demo` into a temporary folder, as a
/// user would make it.
class DemoPairFixture : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto r = runCli({"demo", (m_dir / "demo").string()});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    std::string nifti() const { return (m_dir / "demo" / "pet_suv.nii.gz").string(); }
    std::string dicom() const { return (m_dir / "demo" / "pet_dicom").string(); }
    TempDir m_dir;
};

} // namespace voxdiff::test
