// SPDX-License-Identifier: BSD-3-Clause
#include "InstanceCache.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <random>

#include <gdcmReader.h>

#include "dicom/DatasetValues.h"
#include "dicom/StructureCheck.h"

namespace voxdiff::core::dicomweb {

namespace fs = std::filesystem;

namespace {

const gdcm::Tag kSopInstanceUid(0x0008, 0x0018);
const gdcm::Tag kSeriesInstanceUid(0x0020, 0x000E);

Result<InstanceUids> readInstanceUidsChecked(const fs::path& file) {
    gdcm::Reader reader;
    reader.SetFileName(file.c_str());
    bool read = false;
    try {
        read = reader.ReadSelectedTags({kSopInstanceUid, kSeriesInstanceUid});
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptHeader,
                         std::string("a retrieved instance cannot be parsed: ") + e.what());
    }
    if (!read) {
        return makeError(ErrorCode::UnknownFormat, "a retrieved part is not a DICOM instance");
    }
    const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
    InstanceUids uids;
    uids.sopInstanceUid = dicom::textOf(ds, kSopInstanceUid).value_or("");
    uids.seriesInstanceUid = dicom::textOf(ds, kSeriesInstanceUid).value_or("");
    return uids;
}

/// This machine's name reduced to letters and digits (at most 32), to tell this host's
/// leftovers from those of another host sharing the cache folder (a home on NFS).
const std::string& hostTag() {
    static const std::string tag = [] {
        char name[256] = {};
        std::string out;
        if (::gethostname(name, sizeof name - 1) == 0) {
            for (const char* c = name; *c != '\0' && out.size() < 32; ++c) {
                if ((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
                    (*c >= 'A' && *c <= 'Z')) {
                    out += *c;
                }
            }
        }
        return out.empty() ? std::string("host") : out;
    }();
    return tag;
}

bool processIsAlive(long pid) {
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

/// Whether an entry of incoming/ or views/, named PID-COUNTER-RANDOM-HOST by uniqueName, was
/// left by a process that ended without removing it (killed, crashed, interrupted): its owner
/// ran on this host and no longer runs, or it is older than a week whoever made it.
bool isLeftover(const fs::directory_entry& item, fs::file_time_type now) {
    std::error_code ec;
    const auto written = item.last_write_time(ec);
    if (!ec && now - written > std::chrono::hours(24 * 7)) {
        return true;
    }
    const std::string name = item.path().stem().string();
    const auto dash = name.find('-');
    const auto lastDash = name.rfind('-');
    if (dash == std::string::npos || dash == 0 || name.substr(lastDash + 1) != hostTag()) {
        return false; // another host's, or not ours: only the age rule applies
    }
    const std::string pid = name.substr(0, dash);
    if (!std::all_of(pid.begin(), pid.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        pid.size() > 9) {
        return false;
    }
    return !processIsAlive(std::stol(pid));
}

/// Removes what killed or crashed processes left in incoming/ (half-received parts) and
/// views/ (hard links that would keep evicted instances on disk beyond the size bound).
void removeLeftovers(const fs::path& dir) {
    const auto now = fs::file_time_type::clock::now();
    for (const char* sub : {"incoming", "views"}) {
        std::error_code ec;
        for (const auto& item : fs::directory_iterator(dir / sub, ec)) {
            if (isLeftover(item, now)) {
                std::error_code e2;
                fs::remove_all(item.path(), e2);
            }
        }
    }
}

} // namespace

bool isCacheKey(const std::string& uid) {
    return !uid.empty() && uid.size() <= 64 && uid.front() != '.' &&
           std::all_of(uid.begin(), uid.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

Result<InstanceUids> readInstanceUids(const fs::path& file) {
    // What a server sends is untrusted: the structure check refuses what GDCM must not parse.
    if (auto structure = dicom::checkDicomStructure(file); !structure) {
        return structure.error();
    }
    return readInstanceUidsChecked(file);
}

InstanceCache::InstanceCache(fs::path dir, std::uint64_t maxBytes)
    : m_dir(std::move(dir)), m_maxBytes(maxBytes) {}

Result<InstanceCache> InstanceCache::open(const fs::path& dir, std::uint64_t maxBytes) {
    std::error_code ec;
    for (const char* sub : {"instances", "incoming", "views", "series"}) {
        fs::create_directories(dir / sub, ec);
        if (ec) {
            return makeError(ErrorCode::WriteFailed,
                             "cannot create the DICOMweb cache folder: " + ec.message(), dir / sub);
        }
    }
    removeLeftovers(dir);
    return InstanceCache(dir, maxBytes);
}

fs::path InstanceCache::instancePath(const std::string& sopInstanceUid) const {
    return m_dir / "instances" / (sopInstanceUid + ".dcm");
}

bool InstanceCache::take(const std::string& sopInstanceUid) const {
    if (!isCacheKey(sopInstanceUid)) {
        return false;
    }
    const fs::path file = instancePath(sopInstanceUid);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec) || fs::file_size(file, ec) == 0) {
        return false;
    }
    fs::last_write_time(file, fs::file_time_type::clock::now(), ec);
    return true;
}

std::string InstanceCache::uniqueName() {
    static thread_local std::mt19937_64 random(std::random_device{}());
    return std::to_string(::getpid()) + "-" + std::to_string(++m_counter) + "-" +
           std::to_string(random() % 1000000007ull) + "-" + hostTag();
}

fs::path InstanceCache::incomingPath() {
    return m_dir / "incoming" / (uniqueName() + ".part");
}

Result<InstanceUids> InstanceCache::admit(const fs::path& incoming,
                                          const std::string& seriesInstanceUid) {
    auto uids = readInstanceUids(incoming);
    std::error_code ec;
    if (!uids || !isCacheKey(uids->sopInstanceUid)) {
        fs::remove(incoming, ec);
        return uids ? makeError(ErrorCode::CorruptHeader,
                                "a retrieved instance has no usable SOP Instance UID")
                    : uids.error();
    }
    if (uids->seriesInstanceUid != seriesInstanceUid) {
        fs::remove(incoming, ec);
        return uids;
    }
    fs::rename(incoming, instancePath(uids->sopInstanceUid), ec);
    if (ec) {
        fs::remove(incoming, ec);
        return makeError(ErrorCode::WriteFailed, "cannot store an instance in the DICOMweb cache",
                         instancePath(uids->sopInstanceUid));
    }
    return uids;
}

std::vector<std::string> InstanceCache::readManifest(const std::string& seriesInstanceUid) const {
    std::vector<std::string> uids;
    if (!isCacheKey(seriesInstanceUid)) {
        return uids;
    }
    std::ifstream in(m_dir / "series" / seriesInstanceUid);
    for (std::string line; std::getline(in, line);) {
        if (!isCacheKey(line)) {
            return {};
        }
        uids.push_back(line);
    }
    return uids;
}

void InstanceCache::writeManifest(const std::string& seriesInstanceUid,
                                  const std::set<std::string>& sopInstanceUids) {
    if (!isCacheKey(seriesInstanceUid)) {
        return;
    }
    const fs::path incoming = incomingPath();
    {
        std::ofstream out(incoming);
        for (const auto& uid : sopInstanceUids) {
            out << uid << "\n";
        }
    }
    std::error_code ec;
    fs::rename(incoming, m_dir / "series" / seriesInstanceUid, ec);
    if (ec) {
        fs::remove(incoming, ec);
    }
}

void InstanceCache::evict(const std::set<std::string>& keep) const {
    struct Entry {
        fs::file_time_type used;
        std::uint64_t bytes;
        fs::path file;
    };
    std::vector<Entry> entries;
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(m_dir / "instances", ec)) {
        std::error_code e2;
        const auto bytes = item.file_size(e2);
        if (e2) {
            continue;
        }
        total += bytes;
        entries.push_back({item.last_write_time(e2), bytes, item.path()});
    }
    if (total <= m_maxBytes) {
        return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.used < b.used; });
    for (const Entry& e : entries) {
        if (total <= m_maxBytes) {
            break;
        }
        if (keep.count(e.file.stem().string()) > 0) {
            continue;
        }
        if (fs::remove(e.file, ec)) {
            total -= e.bytes;
        }
    }
}

Result<fs::path> InstanceCache::createView() {
    const fs::path view = m_dir / "views" / uniqueName();
    std::error_code ec;
    fs::create_directories(view, ec);
    if (ec) {
        return makeError(ErrorCode::WriteFailed,
                         "cannot prepare the retrieved series for loading: " + ec.message(), view);
    }
    return view;
}

Result<fs::path> InstanceCache::addToView(const fs::path& view, const fs::path& instance) const {
    const fs::path link = view / instance.filename();
    std::error_code ec;
    fs::create_hard_link(instance, link, ec);
    if (ec) {
        ec.clear();
        fs::copy_file(instance, link, fs::copy_options::overwrite_existing, ec);
    }
    if (ec) {
        return makeError(ErrorCode::WriteFailed,
                         "cannot prepare the retrieved series for loading: " + ec.message(), link);
    }
    return link;
}

} // namespace voxdiff::core::dicomweb
