// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <iostream>
#include <set>
#include <string>

#include "Args.h"
#include "ExitCodes.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/Error.h"

namespace voxdiff::cli {

/// Adds the comparison settings (core::settingSpecs) to the options a command accepts, under
/// the same names in voxdiff-cli compare and voxdiff --export-report.
inline void addSettingOptions(std::set<std::string>& valued, std::set<std::string>& flags) {
    for (const core::SettingSpec& spec : core::settingSpecs()) {
        (spec.valueName ? valued : flags).insert(spec.key);
    }
}

/// The settings the command line asks for, from the core's defaults. Error message (for a
/// usage error): "--key: what it takes".
inline core::Result<core::ComparisonSettings> settingsFromArgs(const Args& args) {
    core::ComparisonSettings settings;
    for (const core::SettingSpec& spec : core::settingSpecs()) {
        if (!args.has(spec.key)) {
            continue;
        }
        if (auto st = core::applySetting(settings, spec.key, args.value(spec.key).value_or(""));
            !st) {
            return core::makeError(core::ErrorCode::InvalidArgument,
                                   "--" + std::string(spec.key) + ": " + st.error().message);
        }
    }
    return settings;
}

/// An error as the user reads it, with the command line's hint where one helps.
inline std::string describeWithHint(const core::Error& error) {
    std::string text = error.describe();
    if (error.code == core::ErrorCode::OutputExists) {
        text += " (add --force to replace it)";
    }
    return text;
}

/// Prints "PROGRAM: error: " and the error with its hint; returns its exit status.
inline int failWithHint(const char* program, const core::Error& error) {
    std::cerr << program << ": error: " << describeWithHint(error) << "\n";
    return exitCodeFor(error.code);
}

} // namespace voxdiff::cli
