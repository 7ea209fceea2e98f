// SPDX-License-Identifier: BSD-3-Clause
#include <fstream>
#include <sstream>

#include "io/DicomElements.h"
#include "io/SafeOutput.h"
#include "voxdiff/DemoData.h"
#include "voxdiff/NiftiWriter.h"

namespace voxdiff::core {

namespace fs = std::filesystem;

namespace {

std::string readmeText(const Volume& phantom, const DemoPair& pair) {
    const PetSeriesInfo& pet = pair.pet;
    std::ostringstream s;
    s << "VoxDiff sample pair: one PET volume, saved twice\n"
         "================================================\n\n"
         "pet_suv.nii.gz  a PET-like phantom in SUVbw (g/ml), float32 NIfTI-1, "
      << phantom.dims()[0] << " x " << phantom.dims()[1] << " x " << phantom.dims()[2]
      << " voxels of 4 x 4 x 3 mm.\n"
         "                Axial; i runs right to left, j anterior to posterior, k HEAD TO FEET\n"
         "                (sform = qform, code 1: ijkToRas columns (-4,0,0) (0,-4,0) (0,0,-3)).\n"
         "pet_dicom/      the same voxels exported as a classic PET DICOM series: "
      << pair.dicomFileCount
      << " files,\n"
         "                one per slice, int16 with a RescaleSlope per slice, Units BQML,\n"
         "                ImageOrientationPatient 1\\0\\0\\0\\1\\0.\n\n"
         "What a reader sees\n"
         "  The DICOM reader sorts slices along the normal (+z, feet to head), so its voxel\n"
         "  (0,0,0) is the NIfTI's last slice: the matrices and the origins differ, and k is\n"
         "  reversed. The voxel centres are the same.\n"
         "  The DICOM values are Bq/ml: value = SUV * decayed dose / weight, with\n"
         "    patient weight        "
      << pet.patientWeightKg << " kg\n"
      << "    injected dose         " << pet.injectedDoseBq / 1e6 << " MBq "
      << pet.radiopharmaceutical << " (F-18, half-life " << pet.halfLifeS << " s)\n"
      << "    injection             " << pet.date << " "
      << dicom_out::formatTm(pet.injectionTimeOfDayS) << "\n    series start          " << pet.date
      << " " << dicom_out::formatTm(pet.seriesTimeOfDayS) << " (" << pet.uptakeS() / 60.0
      << " min later)\n"
      << "    decayed dose          " << pet.decayedDoseBq() / 1e6 << " MBq\n"
      << "    1 SUV                 " << pet.bqmlPerSuv() << " Bq/ml\n\n"
      << "What VoxDiff should conclude\n"
         "  Same grid (same voxel centres), with the k axis reversed between the files.\n"
         "  Once the DICOM is converted to SUV (--suv), the values are equal within the int16\n"
         "  quantization of each slice: half that slice's RescaleSlope, in Bq/ml, divided by\n"
         "  "
      << pet.bqmlPerSuv() << " Bq/ml per SUV.\n"
      << "  Without --suv the values differ by the factor " << pet.bqmlPerSuv()
      << " (Bq/ml against SUV).\n";
    return s.str();
}

Status writeTextFile(const fs::path& path, const std::string& text, bool overwrite) {
    auto output = SafeOutputFile::begin(path, overwrite);
    if (!output) {
        return output.error();
    }
    {
        std::ofstream file(output->tempPath(), std::ios::binary);
        file << text;
        file.close();
        if (!file) {
            return makeError(ErrorCode::WriteFailed, "cannot write the file", path);
        }
    }
    return output->commit();
}

} // namespace

Result<DemoPair> writeDemoPair(const fs::path& dir, bool overwrite) {
    if (auto st = prepareOutputFolder(dir, overwrite); !st) {
        return st.error();
    }
    DemoPair pair;
    pair.niftiPath = dir / "pet_suv.nii.gz";
    pair.dicomFolder = dir / "pet_dicom";
    pair.readmePath = dir / "README.txt";

    const Volume phantom = makePetPhantomSuv();
    WriteOptions niftiOptions;
    niftiOptions.overwrite = overwrite;
    niftiOptions.description = "VoxDiff PET phantom, SUVbw g/ml";
    if (auto st = writeNifti(phantom, pair.niftiPath, niftiOptions); !st) {
        return st.error();
    }

    const double bqmlPerSuv = pair.pet.bqmlPerSuv();
    std::vector<float> bqml(phantom.voxels().size());
    for (std::size_t n = 0; n < bqml.size(); ++n) {
        bqml[n] = static_cast<float>(static_cast<double>(phantom.voxels()[n]) * bqmlPerSuv);
    }
    const Volume volumeBqml(phantom.dims(), phantom.ijkToLps(), std::move(bqml));
    WriteOptions dicomOptions;
    dicomOptions.overwrite = overwrite;
    auto series = writeDicomPetSeries(volumeBqml, pair.pet, pair.dicomFolder, dicomOptions);
    if (!series) {
        return series.error();
    }
    pair.dicomFileCount = series->fileCount;
    pair.seriesInstanceUid = series->seriesInstanceUid;

    if (auto st = writeTextFile(pair.readmePath, readmeText(phantom, pair), overwrite); !st) {
        return st.error();
    }
    return pair;
}

} // namespace voxdiff::core
