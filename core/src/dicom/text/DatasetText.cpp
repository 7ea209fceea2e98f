// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/text/DatasetText.h"

#include <gdcmByteValue.h>
#include <gdcmDataElement.h>

#include "TextFormat.h"
#include "dicom/DatasetValues.h"

namespace voxdiff::core::dicom::text {

namespace {

const gdcm::Tag kSpecificCharacterSet(0x0008, 0x0005);

/// A person name without the empty component groups at the end of each value ("Wang^XiaoDong=
/// <ideographic>=" ends with an empty phonetic group): PS3.5 6.2.1 lets an encoder omit trailing
/// '=' delimiters, so they carry nothing, and pydicom drops them too.
std::string withoutTrailingEmptyGroups(const std::string& names) {
    std::string out;
    for (std::size_t start = 0;;) {
        const std::size_t end = names.find('\\', start);
        std::string value = names.substr(start, end == std::string::npos ? end : end - start);
        while (!value.empty() && value.back() == '=') {
            value.pop_back();
        }
        out += value;
        if (end == std::string::npos) {
            return out;
        }
        out += '\\';
        start = end + 1;
    }
}

} // namespace

CharacterSet characterSetOf(const gdcm::DataSet& ds, const CharacterSet& inherited) {
    if (!ds.FindDataElement(kSpecificCharacterSet)) {
        return inherited;
    }
    // An element present but empty declares the default repertoire.
    return CharacterSet::fromSpecificCharacterSet(
        textOf(ds, kSpecificCharacterSet).value_or(std::string()));
}

std::optional<std::string> decodedTextOf(const gdcm::DataSet& ds, const gdcm::Tag& tag,
                                         const CharacterSet& charset, TextVr vr,
                                         CharsetIssues& issues) {
    if (!ds.FindDataElement(tag)) {
        return std::nullopt;
    }
    const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
    if (bv == nullptr || bv->GetLength() == 0) {
        return std::nullopt;
    }
    // The padding (spaces, a trailing NUL) is removed from the decoded text, where the bytes of
    // an escape sequence no longer stand between the text and its padding.
    std::string text =
        trimmed(charset.decode(std::string_view(bv->GetPointer(), bv->GetLength()), vr, issues));
    if (vr == TextVr::PersonName) {
        text = withoutTrailingEmptyGroups(text);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    return text;
}

} // namespace voxdiff::core::dicom::text
