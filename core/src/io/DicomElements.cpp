// SPDX-License-Identifier: BSD-3-Clause
#include "io/DicomElements.h"

#include <cmath>
#include <cstdio>
#include <string>

#include <gdcmDataElement.h>
#include <gdcmItem.h>
#include <gdcmSequenceOfItems.h>

#include "TextFormat.h"

namespace voxdiff::core::dicom_out {

namespace {

constexpr std::size_t kMaxDsLength = 16;

} // namespace

void putText(gdcm::DataSet& ds, gdcm::Tag tag, gdcm::VR vr, const std::string& value) {
    std::string padded = value;
    if (padded.size() % 2 != 0) {
        padded.push_back(vr == gdcm::VR::UI ? '\0' : ' ');
    }
    gdcm::DataElement de(tag);
    de.SetVR(vr);
    de.SetByteValue(padded.data(), static_cast<std::uint32_t>(padded.size()));
    ds.Replace(de);
}

void putUs(gdcm::DataSet& ds, gdcm::Tag tag, std::uint16_t value) {
    const char bytes[2] = {static_cast<char>(value & 0xff), static_cast<char>(value >> 8)};
    gdcm::DataElement de(tag);
    de.SetVR(gdcm::VR::US);
    de.SetByteValue(bytes, 2);
    ds.Replace(de);
}

void putSequence(gdcm::DataSet& ds, gdcm::Tag tag, const std::vector<gdcm::DataSet>& items) {
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq = new gdcm::SequenceOfItems();
    sq->SetLengthToUndefined();
    for (const gdcm::DataSet& nested : items) {
        gdcm::Item item;
        item.SetVLToUndefined();
        item.SetNestedDataSet(nested);
        sq->AddItem(item);
    }
    gdcm::DataElement de(tag);
    de.SetVR(gdcm::VR::SQ);
    de.SetValue(*sq);
    de.SetVLToUndefined();
    ds.Replace(de);
}

gdcm::DataSet codeItem(const std::string& value, const std::string& scheme,
                       const std::string& meaning) {
    gdcm::DataSet item;
    putText(item, gdcm::Tag(0x0008, 0x0100), gdcm::VR::SH, value);
    putText(item, gdcm::Tag(0x0008, 0x0102), gdcm::VR::SH, scheme);
    putText(item, gdcm::Tag(0x0008, 0x0104), gdcm::VR::LO, meaning);
    return item;
}

std::string formatDs(double value) {
    // formatNumber is locale-free: a DS holds '.' whatever the user's locale.
    for (int digits = 10; digits >= 1; --digits) {
        std::string text = formatNumber(value, digits);
        if (text.size() <= kMaxDsLength) {
            return text;
        }
    }
    return "0";
}

std::string formatTm(double timeOfDayS) {
    double t = std::fmod(timeOfDayS, 86400.0);
    if (t < 0) {
        t += 86400.0;
    }
    const auto micros = static_cast<long long>(std::llround(t * 1e6)) % 86400000000LL;
    const long long seconds = micros / 1000000;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02lld%02lld%02lld.%06lld", seconds / 3600, (seconds / 60) % 60,
                  seconds % 60, micros % 1000000);
    return buf;
}

} // namespace voxdiff::core::dicom_out
