#!/usr/bin/python3
"""Writes small DICOM objects for VoxDiff's float and per-frame rescale tests, with pydicom only
(independently of VoxDiff's own writer).

usage: make_parametric_map.py KIND OUT_FILE
  KIND: float32      Parametric Map, Float Pixel Data (7FE0,0008), Real World Value Mapping
                     slope 2, intercept 0.5, units g/ml; frames stored in reverse slice order
        float64      the same with Double Float Pixel Data (7FE0,0009)
        enhanced-int16  Enhanced MR Image, int16, a different RescaleSlope/Intercept per frame

Voxel value of column c, row r, slice s (s along +normal): v = 100 * s + 10 * r + c + 0.25.
Float maps store (v - 0.5) / 2 so that the mapping gives v back. The enhanced object stores
round((v - intercept_s) / slope_s) with slope_s = 0.5 * (s + 1), intercept_s = -s.
"""
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

COLUMNS, ROWS, SLICES = 5, 4, 3
SPACING = (0.8, 0.6)  # PixelSpacing: between rows, between columns (mm)
STEP_MM = 2.5
ORIGIN = (-10.0, 20.0, 30.0)
PM_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.30"
ENHANCED_MR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.4.1"


def values():
    s, r, c = np.meshgrid(np.arange(SLICES), np.arange(ROWS), np.arange(COLUMNS), indexing="ij")
    return 100.0 * s + 10.0 * r + c + 0.25


def code(value, scheme, meaning):
    item = Dataset()
    item.CodeValue = value
    item.CodingSchemeDesignator = scheme
    item.CodeMeaning = meaning
    return item


def base(sop_class, modality):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.PatientName = "FIXTURE^FLOAT"
    ds.PatientID = "FLOAT-1"
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.FrameOfReferenceUID = generate_uid()
    ds.Modality = modality
    ds.SeriesNumber = 7
    ds.InstanceNumber = 1
    ds.SeriesDescription = "fixture " + modality
    ds.Rows = ROWS
    ds.Columns = COLUMNS
    ds.NumberOfFrames = SLICES
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    return ds


def frame_groups(order, extra):
    groups = []
    for s in order:
        item = Dataset()
        position = Dataset()
        position.ImagePositionPatient = [ORIGIN[0], ORIGIN[1], ORIGIN[2] + STEP_MM * s]
        item.PlanePositionSequence = Sequence([position])
        content = Dataset()
        content.DimensionIndexValues = [s + 1]
        item.FrameContentSequence = Sequence([content])
        extra(item, s)
        groups.append(item)
    return Sequence(groups)


def shared_groups(extra):
    shared = Dataset()
    orientation = Dataset()
    orientation.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    shared.PlaneOrientationSequence = Sequence([orientation])
    measures = Dataset()
    measures.PixelSpacing = list(SPACING)
    measures.SliceThickness = STEP_MM
    shared.PixelMeasuresSequence = Sequence([measures])
    extra(shared)
    return Sequence([shared])


def parametric_map(double):
    ds = base(PM_SOP_CLASS, "MR")
    ds.ImageType = ["DERIVED", "PRIMARY"]
    ds.BitsAllocated = 64 if double else 32

    def rwvm(shared):
        mapping = Dataset()
        mapping.RealWorldValueFirstValueMapped = 0
        mapping.RealWorldValueLastValueMapped = 0
        mapping.DoubleFloatRealWorldValueFirstValueMapped = -1e6
        mapping.DoubleFloatRealWorldValueLastValueMapped = 1e6
        mapping.RealWorldValueSlope = 2.0
        mapping.RealWorldValueIntercept = 0.5
        mapping.LUTExplanation = "fixture"
        mapping.LUTLabel = "fixture"
        mapping.MeasurementUnitsCodeSequence = Sequence([code("g/ml", "UCUM", "g/ml")])
        shared.RealWorldValueMappingSequence = Sequence([mapping])

    ds.SharedFunctionalGroupsSequence = shared_groups(rwvm)
    order = list(reversed(range(SLICES)))
    ds.PerFrameFunctionalGroupsSequence = frame_groups(order, lambda item, s: None)
    stored = (values() - 0.5) / 2.0
    frames = np.stack([stored[s] for s in order])
    if double:
        ds.DoubleFloatPixelData = frames.astype("<f8").tobytes()
    else:
        ds.FloatPixelData = frames.astype("<f4").tobytes()
    return ds


def enhanced_int16():
    ds = base(ENHANCED_MR_SOP_CLASS, "MR")
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "NONE"]
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1

    def transform(item, s):
        pvt = Dataset()
        pvt.RescaleSlope = 0.5 * (s + 1)
        pvt.RescaleIntercept = -s
        pvt.RescaleType = "US"
        item.PixelValueTransformationSequence = Sequence([pvt])

    ds.SharedFunctionalGroupsSequence = shared_groups(lambda shared: None)
    ds.PerFrameFunctionalGroupsSequence = frame_groups(range(SLICES), transform)
    v = values()
    frames = np.stack([np.round((v[s] + s) / (0.5 * (s + 1))) for s in range(SLICES)])
    ds.PixelData = frames.astype("<i2").tobytes()
    return ds


def main():
    kind, out = sys.argv[1], sys.argv[2]
    makers = {
        "float32": lambda: parametric_map(False),
        "float64": lambda: parametric_map(True),
        "enhanced-int16": enhanced_int16,
    }
    if kind not in makers:
        sys.exit("unknown kind " + kind)
    makers[kind]().save_as(out, write_like_original=False)


if __name__ == "__main__":
    main()
