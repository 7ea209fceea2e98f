// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QMessageBox>
#include <QString>
#include <QStringList>

namespace voxdiff::ui {

/// "voxdiff 0.1.0": the same one-line form as `voxdiff-cli --version`.
QString versionLine();

/// The versions of the libraries this build was compiled against, one "name version" each:
/// Qt, VTK, GDCM, nifti_clib (nifti_clib's headers carry no version macro, so CMake reads it
/// from the library file it links).
QStringList libraryVersions();

/// Help > About VoxDiff: what the program is, its version and the library versions.
class AboutDialog : public QMessageBox {
    Q_OBJECT

  public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

} // namespace voxdiff::ui
