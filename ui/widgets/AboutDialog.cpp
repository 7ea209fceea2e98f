#include "widgets/AboutDialog.h"

#include <QtGlobal>

#include <gdcmConfigure.h>
#include <vtkVersionMacros.h>

namespace voxdiff::ui {

QString versionLine() {
    return QStringLiteral("voxdiff " VOXDIFF_VERSION);
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
               "two NIfTI or DICOM images in physical space and explains any difference.</p>")
                .arg(QStringLiteral(VOXDIFF_VERSION)));
    setInformativeText(tr("Built with:<br>%1").arg(libraryVersions().join(QStringLiteral("<br>"))));
    setStandardButtons(QMessageBox::Ok);
}

} // namespace voxdiff::ui
