// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/ReadoutPanel.h"

#include <QFontDatabase>

#include "model/CursorReadout.h"
#include "voxdiff/ImageFacts.h"

namespace voxdiff::ui {

namespace {

// Points and values as the reports write them.
QString formatPoint(const core::Vec3& p) {
    return QString::fromStdString(core::displayPoint(p));
}

QString formatValue(double v) {
    return QString::fromStdString(core::displayNumber(v, 7));
}

QString formatImage(const char* name, const ImageReadout& r, const core::Volume* volume) {
    if (!r.loaded) {
        return QStringLiteral("%1: not loaded").arg(name);
    }
    const QString units = volume && !volume->valueUnits().empty()
                              ? QStringLiteral(" ") + QString::fromStdString(volume->valueUnits())
                              : QString();
    if (!r.inside) {
        return QStringLiteral("%1: ijk %2 outside the image")
            .arg(name, QString::fromStdString(core::displayPoint(r.continuousIjk)));
    }
    return QStringLiteral("%1: ijk [%2, %3, %4]  value %5%6")
        .arg(name)
        .arg(r.nearestIjk[0])
        .arg(r.nearestIjk[1])
        .arg(r.nearestIjk[2])
        .arg(formatValue(r.value))
        .arg(units);
}

} // namespace

ReadoutPanel::ReadoutPanel(ViewerState* state, QWidget* parent) : QLabel(parent), m_state(state) {
    setObjectName(QStringLiteral("cursorReadout"));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setMargin(4);
    connect(state, &ViewerState::cursorChanged, this, &ReadoutPanel::refresh);
    connect(state, &ViewerState::volumeChanged, this, &ReadoutPanel::refresh);
    refresh();
}

void ReadoutPanel::refresh() {
    const CursorReadout r = readCursor(*m_state);
    QStringList lines;
    lines << QStringLiteral("Cursor RAS mm %1   LPS mm %2")
                 .arg(formatPoint(r.pointRas), formatPoint(r.pointLps));
    lines << formatImage("First ", r.images[0], m_state->volume(ImageSlot::First).get());
    lines << formatImage("Second", r.images[1], m_state->volume(ImageSlot::Second).get());
    lines
        << (r.difference
                ? QStringLiteral("Difference (second - first): %1").arg(formatValue(*r.difference))
                : QStringLiteral("Difference: -"));
    setText(lines.join(QLatin1Char('\n')));
}

} // namespace voxdiff::ui
