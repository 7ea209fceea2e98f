// SPDX-License-Identifier: BSD-3-Clause
#include "DicomReadBack.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include <gdcmDataSet.h>
#include <gdcmFile.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>

namespace voxdiff::test {

namespace fs = std::filesystem;

namespace {

std::string textOf(const gdcm::DataSet& ds, gdcm::Tag tag) {
    if (!ds.FindDataElement(tag)) {
        ADD_FAILURE() << "missing attribute " << tag;
        return {};
    }
    const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
    if (!bv) {
        return {};
    }
    std::string s(bv->GetPointer(), bv->GetLength());
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) {
        s.pop_back();
    }
    return s;
}

std::vector<double> numbersOf(const gdcm::DataSet& ds, gdcm::Tag tag) {
    std::string s = textOf(ds, tag);
    std::replace(s.begin(), s.end(), '\\', ' ');
    std::istringstream in(s);
    std::vector<double> values;
    for (double v = 0; in >> v;) {
        values.push_back(v);
    }
    return values;
}

double numberOf(const gdcm::DataSet& ds, gdcm::Tag tag) {
    const auto v = numbersOf(ds, tag);
    return v.empty() ? 0.0 : v[0];
}

int usOf(const gdcm::DataSet& ds, gdcm::Tag tag) {
    if (!ds.FindDataElement(tag)) {
        ADD_FAILURE() << "missing attribute " << tag;
        return -1;
    }
    const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
    if (!bv || bv->GetLength() != 2) {
        ADD_FAILURE() << "attribute " << tag << " is not one US value";
        return -1;
    }
    std::uint16_t v = 0;
    std::memcpy(&v, bv->GetPointer(), 2);
    return v;
}

} // namespace

double secondsOfTm(const std::string& tm) {
    if (tm.size() < 6) {
        return -1.0;
    }
    return std::stod(tm.substr(0, 2)) * 3600.0 + std::stod(tm.substr(2, 2)) * 60.0 +
           std::stod(tm.substr(4));
}

PetSliceFile readPetSlice(const fs::path& path) {
    PetSliceFile f;
    f.path = path;
    gdcm::Reader reader;
    reader.SetFileName(path.c_str());
    if (!reader.Read()) {
        ADD_FAILURE() << "GDCM cannot read " << path;
        return f;
    }
    const gdcm::FileMetaInformation& meta = reader.GetFile().GetHeader();
    f.transferSyntaxUid = textOf(meta, gdcm::Tag(0x0002, 0x0010));
    f.mediaStorageSopClassUid = textOf(meta, gdcm::Tag(0x0002, 0x0002));
    const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
    f.sopClassUid = textOf(ds, gdcm::Tag(0x0008, 0x0016));
    f.sopInstanceUid = textOf(ds, gdcm::Tag(0x0008, 0x0018));
    f.seriesTime = textOf(ds, gdcm::Tag(0x0008, 0x0031));
    f.modality = textOf(ds, gdcm::Tag(0x0008, 0x0060));
    f.patientWeightKg = numberOf(ds, gdcm::Tag(0x0010, 0x1030));
    f.seriesInstanceUid = textOf(ds, gdcm::Tag(0x0020, 0x000e));
    const auto ipp = numbersOf(ds, gdcm::Tag(0x0020, 0x0032));
    const auto iop = numbersOf(ds, gdcm::Tag(0x0020, 0x0037));
    const auto spacing = numbersOf(ds, gdcm::Tag(0x0028, 0x0030));
    EXPECT_EQ(ipp.size(), 3u);
    EXPECT_EQ(iop.size(), 6u);
    EXPECT_EQ(spacing.size(), 2u);
    std::copy_n(ipp.begin(), std::min<std::size_t>(3, ipp.size()), f.positionLps.begin());
    std::copy_n(iop.begin(), std::min<std::size_t>(6, iop.size()), f.orientation.begin());
    std::copy_n(spacing.begin(), std::min<std::size_t>(2, spacing.size()), f.pixelSpacing.begin());
    f.frameOfReferenceUid = textOf(ds, gdcm::Tag(0x0020, 0x0052));
    f.rows = usOf(ds, gdcm::Tag(0x0028, 0x0010));
    f.columns = usOf(ds, gdcm::Tag(0x0028, 0x0011));
    f.bitsAllocated = usOf(ds, gdcm::Tag(0x0028, 0x0100));
    f.bitsStored = usOf(ds, gdcm::Tag(0x0028, 0x0101));
    f.highBit = usOf(ds, gdcm::Tag(0x0028, 0x0102));
    f.pixelRepresentation = usOf(ds, gdcm::Tag(0x0028, 0x0103));
    f.rescaleIntercept = numberOf(ds, gdcm::Tag(0x0028, 0x1052));
    f.rescaleSlope = numberOf(ds, gdcm::Tag(0x0028, 0x1053));
    f.numberOfSlices = usOf(ds, gdcm::Tag(0x0054, 0x0081));
    f.units = textOf(ds, gdcm::Tag(0x0054, 0x1001));
    f.decayCorrection = textOf(ds, gdcm::Tag(0x0054, 0x1102));
    f.imageIndex = usOf(ds, gdcm::Tag(0x0054, 0x1330));

    const gdcm::Tag radiopharmaceutical(0x0054, 0x0016);
    if (ds.FindDataElement(radiopharmaceutical)) {
        auto sq = ds.GetDataElement(radiopharmaceutical).GetValueAsSQ();
        if (sq && sq->GetNumberOfItems() == 1) {
            const gdcm::DataSet& item = sq->GetItem(1).GetNestedDataSet();
            f.radiopharmaceuticalStartTime = textOf(item, gdcm::Tag(0x0018, 0x1072));
            f.totalDoseBq = numberOf(item, gdcm::Tag(0x0018, 0x1074));
            f.halfLifeS = numberOf(item, gdcm::Tag(0x0018, 0x1075));
        } else {
            ADD_FAILURE() << "RadiopharmaceuticalInformationSequence must hold one item";
        }
    } else {
        ADD_FAILURE() << "missing RadiopharmaceuticalInformationSequence";
    }

    const gdcm::Tag pixelData(0x7fe0, 0x0010);
    if (ds.FindDataElement(pixelData) && ds.GetDataElement(pixelData).GetByteValue()) {
        const gdcm::ByteValue* bv = ds.GetDataElement(pixelData).GetByteValue();
        f.stored.resize(bv->GetLength() / 2);
        std::memcpy(f.stored.data(), bv->GetPointer(), f.stored.size() * 2);
    } else {
        ADD_FAILURE() << "no pixel data in " << path;
    }
    return f;
}

std::vector<PetSliceFile> readPetFolder(const fs::path& folder) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(folder)) {
        if (e.path().extension() == ".dcm") {
            paths.push_back(e.path());
        }
    }
    std::sort(paths.begin(), paths.end());
    std::vector<PetSliceFile> files;
    for (const fs::path& p : paths) {
        files.push_back(readPetSlice(p));
    }
    return files;
}

} // namespace voxdiff::test
