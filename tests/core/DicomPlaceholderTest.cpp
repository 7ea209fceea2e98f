#include <gtest/gtest.h>

#include "voxdiff/DicomSeries.h"

TEST(DicomSeries, ScanOfAMissingFolderNamesIt) {
    auto listing = voxdiff::core::scanDicom("/nonexistent/folder");
    ASSERT_FALSE(listing.ok());
    EXPECT_EQ(listing.error().file, std::filesystem::path("/nonexistent/folder"));
}
