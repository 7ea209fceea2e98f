// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <gdcmDataSet.h>
#include <gdcmTag.h>
#include <gdcmVR.h>

namespace voxdiff::core::dicom_out {

/// Small builders for a data set written in Explicit VR: each sets the VR and pads the value
/// to an even length as Part 5 requires (UI with NUL, text with a space).

/// A text element (AE, CS, DA, DS, DT, IS, LO, PN, SH, TM, UI, ...); an empty value makes a
/// zero-length element (a Type 2 attribute present but empty).
void putText(gdcm::DataSet& ds, gdcm::Tag tag, gdcm::VR vr, const std::string& value);

/// An unsigned 16-bit element (US), little endian.
void putUs(gdcm::DataSet& ds, gdcm::Tag tag, std::uint16_t value);

/// A sequence (SQ) of the given items, written with undefined lengths; no items makes an
/// empty sequence (a Type 2 sequence present but empty).
void putSequence(gdcm::DataSet& ds, gdcm::Tag tag, const std::vector<gdcm::DataSet>& items);

/// A code sequence item: CodeValue, CodingSchemeDesignator, CodeMeaning.
gdcm::DataSet codeItem(const std::string& value, const std::string& scheme,
                       const std::string& meaning);

/// A DS value: the shortest decimal text (at most 16 characters) that keeps about 10
/// significant digits.
std::string formatDs(double value);

/// A TM value hhmmss.ffffff from seconds since midnight (wrapped into one day).
std::string formatTm(double timeOfDayS);

} // namespace voxdiff::core::dicom_out
