// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/AboutDialog.h"

#include <QtGlobal>

#include <gdcmConfigure.h>
#include <vtkVersionMacros.h>

#include "voxdiff/BuildInfo.h"

namespace voxdiff::ui {

namespace {

QString licenseName() {
    const std::string_view spdx = core::licenseSpdx();
    return QString::fromLatin1(spdx.data(), static_cast<qsizetype>(spdx.size()));
}

} // namespace

QString versionLine() {
    return QStringLiteral("voxdiff " VOXDIFF_VERSION "\nLicense: %1").arg(licenseName());
}

QStringList libraryVersions() {
    return {
        QStringLiteral("Qt " QT_VERSION_STR " (running %1)").arg(QString::fromLatin1(qVersion())),
        QStringLiteral("VTK " VTK_VERSION), QStringLiteral("GDCM " GDCM_VERSION),
        QStringLiteral("nifti_clib " VOXDIFF_NIFTI_CLIB_VERSION)};
}

AboutDialog::AboutDialog(QWidget* parent) : QMessageBox(parent) {
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About VoxDiff"));
    setIcon(QMessageBox::Information);
    setTextFormat(Qt::RichText);
    setText(tr("<h3>VoxDiff %1</h3><p>Are these two images the same image? VoxDiff compares "
               "two NIfTI or DICOM images in physical space and explains any difference.</p>"
               "<p>Licensed under the %2 licence.</p>")
                .arg(QStringLiteral(VOXDIFF_VERSION), licenseName()));
    setInformativeText(tr("Built with:<br>%1").arg(libraryVersions().join(QStringLiteral("<br>"))));
    setStandardButtons(QMessageBox::Ok);
}

} // namespace voxdiff::ui
