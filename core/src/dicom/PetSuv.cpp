// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/PetSuv.h"

#include <cmath>
#include <sstream>

#include "dicom/DatasetValues.h"

namespace voxdiff::core::dicom {

namespace {

constexpr double kSecondsPerDay = 86400.0;

} // namespace

Result<SuvFactor> suvBodyWeightFactor(const std::vector<const ObjectHeader*>& objects) {
    if (objects.empty()) {
        return makeError(ErrorCode::NoImageData, "no PET image to compute SUV from");
    }
    const ObjectHeader& first = *objects.front();
    const PetHeader& pet = first.pet;
    auto missing = [&first](const std::string& what) {
        return makeError(ErrorCode::UnsupportedData, "cannot compute SUVbw: " + what, first.file);
    };
    if (first.modality != "PT") {
        return missing("the series is " + first.modality + ", not PET");
    }
    if (pet.units == "GML") {
        return SuvFactor{1.0, "values are already SUVbw (Units GML): not converted again"};
    }
    if (pet.units != "BQML") {
        return missing("Units (0054,1001) is '" + pet.units + "', SUVbw needs BQML");
    }
    if (!pet.patientWeightKg || *pet.patientWeightKg <= 0) {
        return missing("PatientWeight (0010,1030) is missing or zero");
    }
    if (!pet.totalDoseBq || *pet.totalDoseBq <= 0) {
        return missing("RadionuclideTotalDose (0018,1074) is missing or zero");
    }
    if (!pet.halfLifeS || *pet.halfLifeS <= 0) {
        return missing("RadionuclideHalfLife (0018,1075) is missing or zero");
    }
    const auto injection = pet.injectionTime ? secondsOfDayOf(*pet.injectionTime) : std::nullopt;
    if (!injection) {
        return missing("RadiopharmaceuticalStartTime (0018,1072) is missing or invalid");
    }
    std::optional<double> earliestAcquisition;
    for (const ObjectHeader* o : objects) {
        if (auto t =
                o->pet.acquisitionTime ? secondsOfDayOf(*o->pet.acquisitionTime) : std::nullopt) {
            earliestAcquisition = earliestAcquisition ? std::min(*earliestAcquisition, *t) : *t;
        }
    }
    const auto series = pet.seriesTime ? secondsOfDayOf(*pet.seriesTime) : std::nullopt;
    std::optional<double> scanStart = series;
    std::string startSource = "SeriesTime " + pet.seriesTime.value_or("");
    if (!series || (earliestAcquisition && *series > *earliestAcquisition)) {
        // Post-processing can rewrite SeriesTime after the acquisition; QIBA then falls back
        // to the earliest AcquisitionTime.
        scanStart = earliestAcquisition;
        startSource = "earliest AcquisitionTime (SeriesTime is later or missing)";
    }
    if (!scanStart) {
        return missing("neither SeriesTime nor AcquisitionTime gives the scan start");
    }
    double elapsed = *scanStart - *injection;
    if (elapsed < 0) {
        elapsed += kSecondsPerDay; // the scan started after midnight
    }
    double decay = 1.0;
    if (pet.decayCorrection == "START") {
        decay = std::exp(-std::log(2.0) * elapsed / *pet.halfLifeS);
    } else if (pet.decayCorrection != "ADMIN") {
        return missing("DecayCorrection (0054,1102) is '" + pet.decayCorrection +
                       "', SUVbw needs START or ADMIN");
    }
    SuvFactor suv;
    suv.factor = *pet.patientWeightKg * 1000.0 / (*pet.totalDoseBq * decay);
    std::ostringstream os;
    os.precision(6);
    os << "SUVbw = Bq/ml x " << suv.factor << " (weight " << *pet.patientWeightKg
       << " kg x 1000 / (dose " << *pet.totalDoseBq << " Bq x decay " << decay
       << ")); decay = exp(-ln2 x " << elapsed << " s / half-life " << *pet.halfLifeS
       << " s), from injection at " << *pet.injectionTime << " to scan start at " << startSource
       << "; DecayCorrection " << pet.decayCorrection << ", CorrectedImage " << pet.correctedImage;
    suv.explanation = os.str();
    return suv;
}

} // namespace voxdiff::core::dicom
