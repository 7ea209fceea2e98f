// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>

#include <gdcmDataSet.h>

#include "export/PetSliceWriter.h"
#include "export/ReferenceSeries.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::dicom_out {

/// What every exported series says about itself besides the reference's attributes.
struct NewSeries {
    std::string seriesInstanceUid;
    std::string description; ///< SeriesDescription (LO, cut to 64 characters)
    std::string units;       ///< PET Units code
    std::string contentDate; ///< DA: when the export was made
    std::string contentTime; ///< TM
};

/// The attributes shared by every slice of an exported classic PET series: patient, study and
/// frame of reference, the PET Series, Isotope and Patient Orientation modules and the timing
/// from the reference (Type 1 defaults or empty Type 2 values when it lacks them), the plane
/// geometry and int16 pixel description. Per-slice attributes are added by writePetSlices.
gdcm::DataSet petSeriesAttributes(const ReferenceSeries& reference, const Volume& placed,
                                  const PlaneGeometry& plane, const NewSeries& series);

/// The attributes of the General Series and General Equipment modules shared by both kinds.
void putSeriesAndEquipment(const ReferenceSeries& reference, const NewSeries& series,
                           gdcm::DataSet& ds);

} // namespace voxdiff::core::dicom_out
