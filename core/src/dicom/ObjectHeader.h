// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dicom/StructureCheck.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/Geometry.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::dicom {

/// What one frame of a DICOM object says about itself (from its own functional groups, the
/// shared ones, or the top level, in that order of precedence).
struct FrameHeader {
    int frameInObject = 0;
    std::optional<Vec3> positionLps;                      ///< ImagePositionPatient (mm)
    std::optional<std::array<double, 6>> orientation;     ///< ImageOrientationPatient: row, column
    std::optional<std::array<double, 2>> spacingRowColMm; ///< PixelSpacing: between rows, columns
    std::optional<double> sliceThicknessMm;
    std::optional<double> spacingBetweenSlicesMm;
    std::optional<double> rescaleSlope;
    std::optional<double> rescaleIntercept;
    std::optional<double> philipsScaleSlope; ///< (2005,100E), reported, not applied
    std::optional<double> temporalPositionIndex;
    std::vector<std::int64_t> dimensionIndex;
};

/// A Siemens mosaic: `count` slices of tileRows x tileColumns packed into one image.
struct MosaicLayout {
    int count = 0;
    int tilesPerSide = 0;
    int tileRows = 0;
    int tileColumns = 0;
    std::optional<Vec3> sliceNormalLps; ///< CSA SliceNormalVector (the order of the tiles)
};

/// The inputs of the SUVbw computation (PET only).
struct PetHeader {
    std::string units; ///< Units (0054,1001): BQML, GML, CNTS...
    std::string decayCorrection;
    std::string correctedImage;
    std::optional<double> patientWeightKg;
    std::optional<double> totalDoseBq;
    std::optional<double> halfLifeS;
    std::optional<std::string> injectionTime; ///< RadiopharmaceuticalStartTime (TM)
    std::optional<std::string> seriesTime;
    std::optional<std::string> acquisitionTime;
};

/// The header of one DICOM file, read without its pixel data.
struct ObjectHeader {
    std::filesystem::path file;
    std::string sopClassUid;
    std::string seriesInstanceUid;
    std::string modality;
    std::string seriesDescription; ///< the same as text.seriesDescription
    DicomText text;
    std::string imageType;
    std::string photometric;
    std::string transferSyntaxUid;
    std::string acquisitionTime;
    std::string manufacturer;
    std::int64_t seriesNumber = 0;
    std::optional<double> instanceNumber;
    std::optional<double> echoNumber;
    int rows = 0;
    int columns = 0;
    int bitsAllocated = 0;
    int bitsStored = 0;
    int pixelRepresentation = 0;
    int samplesPerPixel = 1;
    int frameCount = 1;
    bool enhanced = false;
    bool rtDose = false;
    std::optional<double> doseGridScaling;
    std::optional<MosaicLayout> mosaic;
    /// 4: Float Pixel Data (7FE0,0008), 8: Double Float Pixel Data (7FE0,0009), 0: integers.
    int floatPixelBytes = 0;
    /// Units of the Real World Value Mapping applied to the frames (UCUM code), if any.
    std::string realWorldUnits;
    PetHeader pet;
    /// Patient, study and frame of reference as stored (raw text, not decoded).
    ImageIdentity identity;
    std::vector<FrameHeader> frames;
    PixelDataExtent pixelData; ///< where the structure walk found the pixel data
    bool bigEndian = false;    ///< explicit VR big endian transfer syntax
    bool deflated = false;     ///< deflated transfer syntax (pixel data inside the stream)

    bool hasPixelData = true; ///< false when the file ends without Pixel Data (7FE0,0010)

    bool isImage() const { return rows > 0 && columns > 0 && hasPixelData; }
};

/// Reads the header of one file (up to its pixel data) after checkDicomStructure accepted the
/// whole file. Errors name the file: those of checkDicomStructure, UnknownFormat (not DICOM),
/// CorruptHeader (NumberOfFrames not a count, more frames than fragments), TruncatedData
/// (uncompressed pixel data shorter than Rows x Columns x frames promise).
/// When the header was read but its pixel data refused, *textOnError (if given) receives its text.
Result<ObjectHeader> readObjectHeader(const std::filesystem::path& file,
                                      DicomText* textOnError = nullptr);

} // namespace voxdiff::core::dicom
