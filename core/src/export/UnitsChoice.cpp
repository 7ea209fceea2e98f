// SPDX-License-Identifier: BSD-3-Clause
#include "export/UnitsChoice.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "StoredType.h"

namespace voxdiff::core::dicom_out {

namespace {

constexpr double kRelativeTolerance = 1e-5; // float32 values rescaled by another tool

bool isUnitsCode(const std::string& code) {
    return !code.empty() && code.size() <= 16 && std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

/// True when every voxel of `placed` is `factor` x the reference's value, within half the
/// reference's storage step on that slice (when it stored integers) and float rounding.
bool equalsScaled(const Volume& placed, const Volume& reference, double factor) {
    const Scaling& s = reference.scaling();
    const bool integers = s.kind != ScalingKind::None && storedKindOf(s) != StoredKind::Float;
    const std::size_t perSlice = static_cast<std::size_t>(placed.dims()[0] * placed.dims()[1]);
    const VoxelBuffer& a = placed.voxels();
    const VoxelBuffer& b = reference.voxels();
    for (std::int64_t k = 0; k < placed.dims()[2]; ++k) {
        const double bound = integers ? std::abs(s.slopeOfSlice(k)) * factor / 2.0 : 0.0;
        const std::size_t begin = static_cast<std::size_t>(k) * perSlice;
        for (std::size_t p = begin; p < begin + perSlice; ++p) {
            const double x = a[p];
            const double y = factor * static_cast<double>(b[p]);
            if (std::isnan(x) != std::isnan(y)) {
                return false;
            }
            const double diff = std::abs(x - y);
            if (diff > bound + kRelativeTolerance * std::max(std::abs(x), std::abs(y)) + 1e-30) {
                return false;
            }
        }
    }
    return true;
}

} // namespace

Result<UnitsChoice> chooseUnits(const Volume& placed, const ReferenceSeries& reference,
                                const std::string& given) {
    if (!given.empty()) {
        if (!isUnitsCode(given)) {
            return makeError(ErrorCode::InvalidArgument,
                             "units must be a PET Units code such as BQML or GML (capital "
                             "letters, digits and _, at most 16), not '" +
                                 given + "'");
        }
        return UnitsChoice{given, UnitsSource::Given};
    }
    if (!reference.petUnits.empty() && equalsScaled(placed, reference.volume, 1.0)) {
        return UnitsChoice{reference.petUnits, UnitsSource::ReferenceValues};
    }
    if (reference.suvbwPerBqml && equalsScaled(placed, reference.volume, *reference.suvbwPerBqml)) {
        return UnitsChoice{"GML", UnitsSource::ReferenceSuvbw};
    }
    std::string why = reference.petUnits.empty()
                          ? "the reference carries no PET Units"
                          : "the input's values are neither the reference's values (" +
                                reference.petUnits + ")" +
                                (reference.suvbwPerBqml ? " nor their SUVbw" : "");
    return makeError(ErrorCode::InvalidArgument,
                     "the units of the input cannot be inferred (" + why + "); they must be given");
}

std::pair<std::string, std::string> ucumOfPetUnits(const std::string& petCode) {
    static const std::map<std::string, std::pair<std::string, std::string>> kUcum = {
        {"BQML", {"Bq/ml", "Becquerels/milliliter"}},
        {"GML", {"g/ml", "Standardized Uptake Value body weight"}},
        {"CNTS", {"{counts}", "Counts"}},
        {"PROPCPS", {"{propcounts}/s", "Proportional to counts per second"}},
        {"MGMINML", {"mg/min/ml", "Milligrams/minute/milliliter"}},
        {"UMOLMINML", {"umol/min/ml", "Micromole/minute/milliliter"}},
        {"MLMING", {"ml/min/g", "Milliliter/minute/gram"}},
        {"MLG", {"ml/g", "Milliliter/gram"}},
        {"PCNT", {"%", "Percent"}},
    };
    const auto it = kUcum.find(petCode);
    return it != kUcum.end() ? it->second : std::make_pair(petCode, petCode);
}

} // namespace voxdiff::core::dicom_out
