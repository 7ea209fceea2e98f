#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gdcmDataSet.h>
#include <gdcmTag.h>

namespace voxdiff::core::dicom {

/// The value of a text element (CS, LO, DS, IS, UI, DA, TM...), without padding; nullopt when
/// the element is absent or empty.
std::optional<std::string> textOf(const gdcm::DataSet& ds, const gdcm::Tag& tag);

/// The numbers of a DS or IS element (backslash separated); empty when absent or unparsable.
std::vector<double> numbersOf(const gdcm::DataSet& ds, const gdcm::Tag& tag);

/// The first number of a DS or IS element; nullopt when absent, empty or not finite.
std::optional<double> numberOf(const gdcm::DataSet& ds, const gdcm::Tag& tag);

/// An unsigned short (US) element; nullopt when absent or not 2 bytes long. GDCM has already
/// swapped binary values of big endian files to the machine's order.
std::optional<std::uint16_t> ushortOf(const gdcm::DataSet& ds, const gdcm::Tag& tag);

/// The first item of a sequence element, or nullptr when absent or empty. The pointer lives as
/// long as `ds`.
const gdcm::DataSet* firstItemOf(const gdcm::DataSet& ds, const gdcm::Tag& tag);

/// Every item of a sequence element (empty when absent).
std::vector<const gdcm::DataSet*> itemsOf(const gdcm::DataSet& ds, const gdcm::Tag& tag);

/// Seconds since midnight of a DICOM TM value ("HHMMSS.frac", "HH:MM:SS"); nullopt if invalid.
std::optional<double> secondsOfDayOf(const std::string& tm);

} // namespace voxdiff::core::dicom
