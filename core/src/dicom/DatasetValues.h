// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <gdcmDataSet.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmSmartPointer.h>
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

/// `value` as an integer in [lo, hi]; nullopt when it is not finite or out of range (a DS or
/// IS such as 1e300 never reaches an undefined conversion). Fractions are truncated.
std::optional<std::int64_t> checkedInteger(double value, std::int64_t lo, std::int64_t hi);

/// The product of `factors`; nullopt when it does not fit 64 bits (Rows x Columns x
/// SamplesPerPixel x BitsAllocated x frames can pass 2^64).
std::optional<std::uint64_t> checkedProduct(std::initializer_list<std::uint64_t> factors);

/// The first number of a DS or IS element as an integer in [lo, hi] (see checkedInteger).
std::optional<std::int64_t> integerOf(const gdcm::DataSet& ds, const gdcm::Tag& tag,
                                      std::int64_t lo, std::int64_t hi);

/// The items of one sequence element, with the sequence that owns them: GDCM builds a new
/// SequenceOfItems when the value was read as bytes (implicit VR with defined lengths, VR UN),
/// held only by this SmartPointer. The views live as long as this object (and `ds`).
struct SequenceItems {
    gdcm::SmartPointer<gdcm::SequenceOfItems> owner;
    std::vector<const gdcm::DataSet*> items;

    bool empty() const { return items.empty(); }
    std::size_t size() const { return items.size(); }
    const gdcm::DataSet* operator[](std::size_t n) const { return items[n]; }
};

/// One item of a sequence, with the sequence that owns it (see SequenceItems).
struct SequenceItem {
    gdcm::SmartPointer<gdcm::SequenceOfItems> owner;
    const gdcm::DataSet* item = nullptr;

    explicit operator bool() const { return item != nullptr; }
    const gdcm::DataSet& operator*() const { return *item; }
    const gdcm::DataSet* operator->() const { return item; }
    const gdcm::DataSet* get() const { return item; }
};

/// The first item of a sequence element; empty when the element is absent, empty or not a
/// sequence.
SequenceItem firstItemOf(const gdcm::DataSet& ds, const gdcm::Tag& tag);

/// Every item of a sequence element (empty when absent).
SequenceItems itemsOf(const gdcm::DataSet& ds, const gdcm::Tag& tag);

/// Seconds since midnight of a DICOM TM value ("HHMMSS.frac", "HH:MM:SS"); nullopt if invalid.
std::optional<double> secondsOfDayOf(const std::string& tm);

} // namespace voxdiff::core::dicom
