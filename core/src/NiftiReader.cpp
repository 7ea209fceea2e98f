// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/NiftiReader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "FileChecks.h"
#include "TextFormat.h"
#include "nifti/NiftiVoxels.h"

extern "C" {
#include <nifti2_io.h>
}

namespace voxdiff::core {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMaxDeflateRatio = 1032; // deflate cannot expand data more than this

struct NiftiImageDeleter {
    void operator()(nifti_image* p) const { nifti_image_free(p); }
};
using NiftiImagePtr = std::unique_ptr<nifti_image, NiftiImageDeleter>;

struct ZnzCloser {
    void operator()(znzptr* f) const {
        znzFile file = f;
        znzclose(file);
    }
};
using ZnzPtr = std::unique_ptr<znzptr, ZnzCloser>;

void silenceNiftiLibrary() {
    // nifti_clib prints its own messages to stderr; the core reports through Error instead.
    static std::once_flag once;
    std::call_once(once, [] { nifti_set_debug_level(0); });
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
}

struct TypeInfo {
    const char* name;
    int bytes;
    bool supported;
};

TypeInfo typeInfo(int datatype) {
    switch (datatype) {
    case DT_INT8:
        return {"int8", 1, true};
    case DT_UINT8:
        return {"uint8", 1, true};
    case DT_INT16:
        return {"int16", 2, true};
    case DT_UINT16:
        return {"uint16", 2, true};
    case DT_INT32:
        return {"int32", 4, true};
    case DT_UINT32:
        return {"uint32", 4, true};
    case DT_INT64:
        return {"int64", 8, true};
    case DT_UINT64:
        return {"uint64", 8, true};
    case DT_FLOAT32:
        return {"float32", 4, true};
    case DT_FLOAT64:
        return {"float64", 8, true};
    case DT_RGB24:
        return {"RGB24", 3, false};
    case DT_RGBA32:
        return {"RGBA32", 4, false};
    case DT_COMPLEX64:
        return {"complex64", 8, false};
    case DT_COMPLEX128:
        return {"complex128", 16, false};
    case DT_COMPLEX256:
        return {"complex256", 32, false};
    case DT_FLOAT128:
        return {"float128", 16, false};
    case DT_BINARY:
        return {"binary (1 bit)", 0, false};
    default:
        return {"unknown", 0, false};
    }
}

Matrix4 fromNifti(const nifti_dmat44& a) {
    Matrix4 r;
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
            r.at(i, j) = a.m[i][j];
        }
    }
    return r;
}

/// Largest distance (mm) between where two index-to-physical maps put the grid's 8 corners.
double maxCornerDistanceMm(const Matrix4& a, const Matrix4& b, const Index3& dims) {
    double worst = 0.0;
    for (int c = 0; c < 8; ++c) {
        const Vec3 ijk{(c & 1) ? static_cast<double>(dims[0] - 1) : 0.0,
                       (c & 2) ? static_cast<double>(dims[1] - 1) : 0.0,
                       (c & 4) ? static_cast<double>(dims[2] - 1) : 0.0};
        worst = std::max(worst, norm(a.transformPoint(ijk) - b.transformPoint(ijk)));
    }
    return worst;
}

const char* unitName(int code) {
    switch (code) {
    case NIFTI_UNITS_METER:
        return "m";
    case NIFTI_UNITS_MM:
        return "mm";
    case NIFTI_UNITS_MICRON:
        return "um";
    case NIFTI_UNITS_SEC:
        return "s";
    case NIFTI_UNITS_MSEC:
        return "ms";
    case NIFTI_UNITS_USEC:
        return "us";
    case NIFTI_UNITS_HZ:
        return "Hz";
    case NIFTI_UNITS_PPM:
        return "ppm";
    case NIFTI_UNITS_RADS:
        return "rad/s";
    default:
        return "unknown";
    }
}

/// The raw header fields we validate ourselves before nifti_clib parses the header, so that
/// the error can name the field at fault.
struct RawHeader {
    int version = 0; // 1 (also Analyze) or 2
    bool swapped = false;
    int datatype = 0;
    std::array<std::int64_t, 8> dim{};
};

Result<RawHeader> sniffHeader(const fs::path& headerPath) {
    const bool gz = endsWith(headerPath.string(), ".gz");
    ZnzPtr file(znzopen(headerPath.c_str(), "rb", gz ? 1 : 0));
    if (!file) {
        return makeError(ErrorCode::ReadFailed, "cannot open the file", headerPath);
    }
    unsigned char buf[540] = {};
    const std::size_t got = znzread(buf, 1, sizeof buf, file.get());
    if (got < 4) {
        return makeError(ErrorCode::TruncatedData,
                         "file holds " + std::to_string(got) +
                             " bytes, too few for a NIfTI header (348 bytes)",
                         headerPath);
    }
    RawHeader h;
    const auto sizeLe = nifti::loadSwapped<std::int32_t>(buf, false);
    const auto sizeBe = nifti::loadSwapped<std::int32_t>(buf, true);
    if (sizeLe == 348 || sizeLe == 540) {
        h.version = sizeLe == 348 ? 1 : 2;
    } else if (sizeBe == 348 || sizeBe == 540) {
        h.version = sizeBe == 348 ? 1 : 2;
        h.swapped = true;
    } else {
        return makeError(ErrorCode::UnknownFormat,
                         "not a NIfTI or Analyze file: its first 4 bytes (sizeof_hdr = " +
                             std::to_string(sizeLe) + ") are neither 348 nor 540",
                         headerPath);
    }
    const std::size_t needed = h.version == 1 ? 348 : 540;
    if (got < needed) {
        return makeError(ErrorCode::TruncatedData,
                         "file holds " + std::to_string(got) + " bytes, too few for a NIfTI-" +
                             std::to_string(h.version) + " header (" + std::to_string(needed) +
                             " bytes)",
                         headerPath);
    }
    // nifti_clib prints (whatever its debug level) when it meets an unknown datatype, so
    // refuse those here with our own message.
    h.datatype = nifti::loadSwapped<std::int16_t>(buf + (h.version == 1 ? 70 : 12), h.swapped);
    if (std::string(typeInfo(h.datatype).name) == "unknown") {
        return makeError(ErrorCode::UnsupportedData,
                         "unknown voxel datatype code " + std::to_string(h.datatype), headerPath);
    }
    for (std::size_t d = 0; d < 8; ++d) {
        h.dim[d] = h.version == 1 ? nifti::loadSwapped<std::int16_t>(buf + 40 + 2 * d, h.swapped)
                                  : nifti::loadSwapped<std::int64_t>(buf + 16 + 8 * d, h.swapped);
    }
    if (h.dim[0] < 1 || h.dim[0] > 7) {
        return makeError(ErrorCode::CorruptHeader,
                         "dim[0] = " + std::to_string(h.dim[0]) +
                             " is not a number of dimensions (1 to 7)",
                         headerPath);
    }
    for (std::int64_t d = 1; d <= h.dim[0]; ++d) {
        if (h.dim[static_cast<std::size_t>(d)] < 1) {
            return makeError(ErrorCode::CorruptHeader,
                             "dim[" + std::to_string(d) +
                                 "] = " + std::to_string(h.dim[static_cast<std::size_t>(d)]) +
                                 ": every dimension must be at least 1",
                             headerPath);
        }
    }
    return h;
}

/// Multiplies non-negative counts, reporting overflow past 2^62.
bool mulChecked(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
    if (a != 0 && b > (std::uint64_t{1} << 62) / a) {
        return false;
    }
    out = a * b;
    return true;
}

/// The file holding the header: the .hdr beside an .img (nifti_clib finds it), else the file.
Result<fs::path> headerPathOf(const fs::path& path) {
    if (!endsWith(path.string(), ".img") && !endsWith(path.string(), ".img.gz")) {
        return path;
    }
    char* found = nifti_findhdrname(path.c_str());
    if (!found) {
        return makeError(ErrorCode::FileNotFound,
                         "no .hdr header found beside this .img image file", path);
    }
    fs::path headerPath = found;
    free(found);
    return headerPath;
}

/// What the header's dimensions declare: i, j, k, then every further dimension counts as
/// another volume.
struct DeclaredSizes {
    Index3 dims{1, 1, 1};
    std::uint64_t voxPerVolume = 1;
    std::uint64_t volumeCount = 1;
    std::uint64_t dataBytes = 0; ///< all volumes, as stored
};

Result<DeclaredSizes> declaredSizes(const RawHeader& raw, const TypeInfo& type,
                                    const fs::path& path) {
    const auto& dim = raw.dim;
    const auto dimAt = [&](int d) -> std::uint64_t {
        return d <= dim[0] ? static_cast<std::uint64_t>(dim[static_cast<std::size_t>(d)]) : 1u;
    };
    DeclaredSizes s;
    bool fits = mulChecked(dimAt(1), dimAt(2), s.voxPerVolume) &&
                mulChecked(s.voxPerVolume, dimAt(3), s.voxPerVolume);
    for (int d = 4; d <= 7 && fits; ++d) {
        fits = mulChecked(s.volumeCount, dimAt(d), s.volumeCount);
    }
    std::uint64_t totalVoxels = 0;
    fits = fits && mulChecked(s.voxPerVolume, s.volumeCount, totalVoxels) &&
           mulChecked(totalVoxels, static_cast<std::uint64_t>(type.bytes), s.dataBytes);
    if (!fits) {
        return makeError(ErrorCode::CorruptHeader,
                         "the header's dimensions multiply to an impossible number of voxels",
                         path);
    }
    s.dims = {static_cast<std::int64_t>(dimAt(1)), static_cast<std::int64_t>(dimAt(2)),
              static_cast<std::int64_t>(dimAt(3))};
    return s;
}

/// Where the voxel data is.
struct DataFile {
    fs::path path;
    bool gz = false;
    std::uint64_t offset = 0; ///< of the first voxel, in the uncompressed data
};

/// Finds the data file and checks, before anything is allocated, that it can hold what the
/// header declares, that one volume fits the memory budget and that the requested volume exists.
Result<DataFile> locateData(const nifti_image& nim, const fs::path& path, const RawHeader& raw,
                            const TypeInfo& type, const DeclaredSizes& s,
                            const LoadOptions& options) {
    DataFile data;
    data.path = nim.iname ? fs::path(nim.iname) : path;
    data.gz = nifti_is_gzfile(data.path.c_str()) != 0;
    data.offset = static_cast<std::uint64_t>(std::max<std::int64_t>(0, nim.iname_offset));
    std::error_code ec;
    const std::uint64_t fileBytes = fs::file_size(data.path, ec);
    if (ec) {
        return makeError(ErrorCode::FileNotFound, "the image data file cannot be opened",
                         data.path);
    }
    if (!data.gz && fileBytes < data.offset + s.dataBytes) {
        return makeError(ErrorCode::TruncatedData,
                         "file holds " + std::to_string(fileBytes) + " bytes but its header (" +
                             formatDims(raw.dim) + " " + type.name + " from offset " +
                             std::to_string(data.offset) + ") needs " +
                             std::to_string(data.offset + s.dataBytes),
                         data.path);
    }
    if (data.gz && s.dataBytes > fileBytes * kMaxDeflateRatio + 65536) {
        return makeError(ErrorCode::CorruptHeader,
                         "the header claims " + std::to_string(s.dataBytes) +
                             " bytes of voxel data (" + formatDims(raw.dim) +
                             "), more than a compressed file of " + std::to_string(fileBytes) +
                             " bytes can hold",
                         data.path);
    }
    const std::uint64_t budget = volumeBudgetBytes(options);
    if (s.voxPerVolume * sizeof(float) > budget) {
        return makeError(ErrorCode::TooLarge,
                         "one volume of " + formatDims(raw.dim) + " needs " +
                             formatBytes(s.voxPerVolume * sizeof(float)) +
                             " as float32, more than the memory budget of " + formatBytes(budget),
                         path);
    }
    if (options.volumeIndex < 0 ||
        static_cast<std::uint64_t>(options.volumeIndex) >= s.volumeCount) {
        return makeError(ErrorCode::NoSuchVolume,
                         "volume " + std::to_string(options.volumeIndex) +
                             " requested, but the file holds " + std::to_string(s.volumeCount) +
                             " volume(s) (0 to " + std::to_string(s.volumeCount - 1) + ")",
                         path);
    }
    return data;
}

/// scl_slope / scl_inter as nibabel and the standard define them: a zero or non-finite slope
/// means none.
struct SclScaling {
    bool scale = false;
    double slope = 1.0;
    double intercept = 0.0;
};

SclScaling sclScaling(const nifti_image& nim) {
    SclScaling s;
    s.scale = std::isfinite(nim.scl_slope) && nim.scl_slope != 0.0;
    s.slope = s.scale ? nim.scl_slope : 1.0;
    s.intercept = s.scale && std::isfinite(nim.scl_inter) ? nim.scl_inter : 0.0;
    return s;
}

nifti::VoxelLayout voxelLayout(const nifti_image& nim, const TypeInfo& type, const DeclaredSizes& s,
                               const DataFile& data, std::int64_t volumeIndex) {
    const SclScaling scl = sclScaling(nim);
    nifti::VoxelLayout layout;
    layout.datatype = nim.datatype;
    layout.bytesPerVoxel = type.bytes;
    layout.swap = nim.byteorder != nifti_short_order();
    layout.scale = scl.scale;
    layout.slope = scl.slope;
    layout.intercept = scl.intercept;
    layout.voxels = s.voxPerVolume;
    layout.startByte = data.offset + static_cast<std::uint64_t>(volumeIndex) * s.voxPerVolume *
                                         static_cast<std::uint64_t>(type.bytes);
    layout.totalBytes = data.offset + s.dataBytes;
    layout.volumeIndex = volumeIndex;
    return layout;
}

/// The header as the model keeps it (matrices in RAS, as the header gives them).
NiftiHeaderInfo headerInfo(const nifti_image& nim, const RawHeader& raw, const TypeInfo& type) {
    NiftiHeaderInfo info;
    info.version = raw.version;
    info.datatype = type.name;
    info.bigEndian = nim.byteorder == 2; // nifti_clib: 1 = LSB first, 2 = MSB first
    info.qformCode = nim.qform_code;
    info.sformCode = nim.sform_code;
    info.qformIjkToRas = fromNifti(nim.qto_xyz);
    info.sformIjkToRas = fromNifti(nim.sto_xyz);
    for (std::size_t d = 0; d < 8; ++d) {
        info.pixdim[d] = nim.pixdim[d];
        info.dim[d] = raw.dim[d];
    }
    info.spatialUnit = unitName(XYZT_TO_SPACE(nim.xyz_units));
    info.timeUnit = unitName(nim.time_units);
    return info;
}

/// The sform when sform_code > 0, else the qform when qform_code > 0, else pixdim only (the
/// standard's method 1); records the choice in info.affineSource. A singular choice is an error.
Result<Matrix4> chooseIjkToRas(const nifti_image& nim, NiftiHeaderInfo& info,
                               const fs::path& path) {
    Matrix4 ijkToRas;
    if (nim.sform_code > 0) {
        ijkToRas = info.sformIjkToRas;
        info.affineSource = "sform";
    } else if (nim.qform_code > 0) {
        ijkToRas = info.qformIjkToRas;
        info.affineSource = "qform";
    } else {
        ijkToRas = Matrix4::identity();
        for (int a = 0; a < 3; ++a) {
            const double d = std::abs(nim.pixdim[a + 1]);
            ijkToRas.at(a, a) = (std::isfinite(d) && d > 0.0) ? d : 1.0;
        }
        info.affineSource = "pixdim";
    }
    bool invertible = false;
    ijkToRas.inverse(&invertible);
    if (!invertible) {
        return makeError(ErrorCode::CorruptHeader,
                         "the " + info.affineSource +
                             " matrix is singular or not finite: the image cannot be placed "
                             "in space",
                         path);
    }
    return ijkToRas;
}

/// Source, description and scaling of the loaded volume.
void describeSource(Volume& volume, const nifti_image& nim, const fs::path& path,
                    const fs::path& headerPath, const DataFile& data, int version,
                    const TypeInfo& type) {
    volume.source().path = path;
    volume.source().format = version == 2 ? ImageFormat::Nifti2 : ImageFormat::Nifti1;
    volume.source().description =
        trimmed(std::string(nim.descrip, strnlen(nim.descrip, sizeof nim.descrip)));
    volume.source().fileCount = fs::absolute(data.path) == fs::absolute(headerPath) ? 1 : 2;
    const SclScaling scl = sclScaling(nim);
    volume.scaling().kind = scl.scale ? ScalingKind::NiftiScl : ScalingKind::None;
    volume.scaling().storedType = type.name;
    volume.scaling().slope = scl.slope;
    volume.scaling().intercept = scl.intercept;
}

/// The findings about the header that are not fatal: format, geometry, units, extra volumes.
void addHeaderDiagnostics(Volume& volume, const nifti_image& nim, const NiftiHeaderInfo& info,
                          const DeclaredSizes& s, std::int64_t volumeIndex) {
    if (nim.nifti_type == NIFTI_FTYPE_ANALYZE) {
        volume.addDiagnostic(Severity::Warning, "analyze_format",
                             "Analyze 7.5 file (no NIfTI magic): orientation is not defined by the "
                             "format; the grid is placed from pixdim only");
    }
    if (info.affineSource == "pixdim") {
        volume.addDiagnostic(
            Severity::Warning, "geometry_from_pixdim",
            "qform_code and sform_code are both 0: the grid is placed from pixdim only (NIfTI "
            "method 1, origin at voxel 0, no rotation). Other tools may differ: nibabel flips x "
            "and centres the grid");
    }
    if (nim.qform_code > 0 && nim.sform_code > 0) {
        const double d = maxCornerDistanceMm(info.qformIjkToRas, info.sformIjkToRas, s.dims);
        if (d > 1e-3) {
            volume.addDiagnostic(
                d > 0.01 ? Severity::Warning : Severity::Info, "qform_sform_disagree",
                "qform (code " + std::to_string(nim.qform_code) + ") and sform (code " +
                    std::to_string(nim.sform_code) + ") disagree by up to " + formatNumber(d, 4) +
                    " mm at the grid corners; the sform was used");
        }
    }
    if (info.spatialUnit == "m" || info.spatialUnit == "um") {
        volume.addDiagnostic(
            Severity::Warning, "spatial_unit_not_mm",
            "the header's spatial unit is " + info.spatialUnit +
                "; coordinates are shown as given (treated as mm, as nibabel and ITK do)");
    }
    if (s.volumeCount > 1) {
        volume.addDiagnostic(Severity::Info, "multiple_volumes",
                             "the file holds " + std::to_string(s.volumeCount) + " volumes (" +
                                 formatDims(info.dim) + "); volume " + std::to_string(volumeIndex) +
                                 " was loaded");
    }
}

void addValueDiagnostics(Volume& volume) {
    const ValueStats& st = volume.stats();
    if (st.nanCount > 0 || st.infCount > 0) {
        volume.addDiagnostic(Severity::Warning, "non_finite_values",
                             std::to_string(st.nanCount) + " voxels are NaN and " +
                                 std::to_string(st.infCount) +
                                 " are infinite; they are kept, and excluded from min/max/mean");
    }
}

/// The header parsed by nifti_clib (which also finds the image file), with a supported type.
Result<NiftiImagePtr> parseHeader(const fs::path& path) {
    NiftiImagePtr nim(nifti_image_read(path.c_str(), 0));
    if (!nim) {
        return makeError(ErrorCode::CorruptHeader,
                         "the NIfTI header was rejected by nifti_clib (invalid datatype, "
                         "magic or dimensions), or its image file is missing",
                         path);
    }
    const TypeInfo type = typeInfo(nim->datatype);
    if (!type.supported) {
        return makeError(ErrorCode::UnsupportedData,
                         std::string("voxel datatype ") + type.name + " (code " +
                             std::to_string(nim->datatype) +
                             ") is not supported: VoxDiff compares scalar images only",
                         path);
    }
    return nim;
}

} // namespace

bool hasNiftiExtension(const fs::path& path) {
    const std::string s = path.string();
    for (const char* ext : {".nii", ".nii.gz", ".hdr", ".hdr.gz", ".img", ".img.gz"}) {
        if (endsWith(s, ext)) {
            return true;
        }
    }
    return false;
}

Result<Volume> readNifti(const fs::path& path, const LoadOptions& options) {
    silenceNiftiLibrary();
    if (auto st = checkReadableFile(path); !st) {
        return st.error();
    }
    auto headerPath = headerPathOf(path);
    if (!headerPath) {
        return headerPath.error();
    }
    auto raw = sniffHeader(headerPath.value());
    if (!raw) {
        return raw.error();
    }
    auto parsed = parseHeader(path);
    if (!parsed) {
        return parsed.error();
    }
    const nifti_image& nim = *parsed.value();
    const TypeInfo type = typeInfo(nim.datatype);
    auto sizes = declaredSizes(raw.value(), type, path);
    if (!sizes) {
        return sizes.error();
    }
    auto data = locateData(nim, path, raw.value(), type, sizes.value(), options);
    if (!data) {
        return data.error();
    }
    // Read the chosen volume ourselves: nifti_clib's reader replaces NaN/Inf by 0, and we
    // must count them instead.
    auto decoded = nifti::readVoxels(
        data->path, data->gz,
        voxelLayout(nim, type, sizes.value(), data.value(), options.volumeIndex), options);
    if (!decoded) {
        return decoded.error();
    }
    NiftiHeaderInfo info = headerInfo(nim, raw.value(), type);
    auto ijkToRas = chooseIjkToRas(nim, info, path);
    if (!ijkToRas) {
        return ijkToRas.error();
    }

    Volume volume(sizes->dims, Matrix4::lpsToRas() * ijkToRas.value(), std::move(decoded->values));
    volume.setTimePoints(static_cast<std::int64_t>(sizes->volumeCount), options.volumeIndex);
    describeSource(volume, nim, path, headerPath.value(), data.value(), info.version, type);
    addHeaderDiagnostics(volume, nim, info, sizes.value(), options.volumeIndex);
    volume.setNifti(std::move(info));
    volume.setStats(decoded->stats);
    addValueDiagnostics(volume);
    return volume;
}

} // namespace voxdiff::core
