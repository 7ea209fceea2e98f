// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "voxdiff/Result.h"

namespace voxdiff::core::dicomweb {

/// The UIDs an instance file declares.
struct InstanceUids {
    std::string sopInstanceUid;
    std::string seriesInstanceUid;
};

/// Reads the SOP Instance and Series Instance UIDs of a DICOM file (headers only, guarded
/// against GDCM aborts). Errors: CorruptHeader, UnknownFormat.
Result<InstanceUids> readInstanceUids(const std::filesystem::path& file);

/// The per-user store of retrieved instances: DIR/instances/<SOPInstanceUID>.dcm, filled
/// through DIR/incoming/ (renamed into place, so readers never see half a file), bounded in
/// size by evicting the least recently used files. DIR/series/<SeriesInstanceUID> lists the
/// instances of a series' last complete retrieve, so that reopening it needs no instance-level
/// search.
class InstanceCache {
  public:
    /// Creates the folders when missing, and removes what processes that ended without
    /// cleaning up (killed, crashed) left in incoming/ and views/: entries of this host whose
    /// process no longer runs, and any older than a week. Errors: WriteFailed.
    static Result<InstanceCache> open(const std::filesystem::path& dir, std::uint64_t maxBytes);

    std::filesystem::path instancePath(const std::string& sopInstanceUid) const;
    /// True when the instance is cached; marks it recently used.
    bool take(const std::string& sopInstanceUid) const;
    /// The size bound the cache keeps to.
    std::uint64_t maxBytes() const { return m_maxBytes; }
    /// A fresh file name under incoming/ for a part being received.
    std::filesystem::path incomingPath();
    /// Moves a received file into place under its SOP Instance UID when it is an instance of
    /// `seriesInstanceUid`; removes it otherwise (an instance of another series never
    /// replaces a cached one). Returns its UIDs either way.
    /// Errors: readInstanceUids's, CorruptHeader (UID unusable as a key), WriteFailed.
    Result<InstanceUids> admit(const std::filesystem::path& incoming,
                               const std::string& seriesInstanceUid);
    /// The SOP Instance UIDs recorded for a series by writeManifest (empty when none).
    std::vector<std::string> readManifest(const std::string& seriesInstanceUid) const;
    /// Records the instances of a complete retrieve of a series (best effort).
    void writeManifest(const std::string& seriesInstanceUid,
                       const std::set<std::string>& sopInstanceUids);
    /// Removes least recently used instances, except `keep`, until the cache fits its bound.
    void evict(const std::set<std::string>& keep) const;
    /// A new private folder for loading cached instances as one local series (filled by
    /// addToView; cache eviction cannot take them from it); the caller removes it.
    /// Errors: WriteFailed.
    Result<std::filesystem::path> createView();
    /// A hard link (a copy when linking fails) in `view` to a cached instance, under the
    /// instance's file name. Errors: WriteFailed.
    Result<std::filesystem::path> addToView(const std::filesystem::path& view,
                                            const std::filesystem::path& instance) const;

  private:
    InstanceCache(std::filesystem::path dir, std::uint64_t maxBytes);
    std::string uniqueName();

    std::filesystem::path m_dir;
    std::uint64_t m_maxBytes = 0;
    std::uint64_t m_counter = 0;
};

/// True when `uid` can name a cache file: digits and dots, 1 to 64 characters.
bool isCacheKey(const std::string& uid);

} // namespace voxdiff::core::dicomweb
