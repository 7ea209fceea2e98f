#include "widgets/ReadoutPanel.h"

#include <QFontDatabase>

#include "model/CursorReadout.h"

namespace voxdiff::ui {

namespace {

QString formatPoint(const core::Vec3& p) {
    return QStringLiteral("(%1, %2, %3)")
        .arg(p[0], 0, 'f', 2)
        .arg(p[1], 0, 'f', 2)
        .arg(p[2], 0, 'f', 2);
}

QString formatImage(const char* name, const ImageReadout& r, const core::Volume* volume) {
    if (!r.loaded) {
        return QStringLiteral("%1: not loaded").arg(name);
    }
    const QString units = volume && !volume->valueUnits().empty()
                              ? QStringLiteral(" ") + QString::fromStdString(volume->valueUnits())
                              : QString();
    if (!r.inside) {
        return QStringLiteral("%1: ijk (%2, %3, %4) outside the image")
            .arg(name)
            .arg(r.continuousIjk[0], 0, 'f', 1)
            .arg(r.continuousIjk[1], 0, 'f', 1)
            .arg(r.continuousIjk[2], 0, 'f', 1);
    }
    return QStringLiteral("%1: ijk [%2, %3, %4]  value %5%6")
        .arg(name)
        .arg(r.nearestIjk[0])
        .arg(r.nearestIjk[1])
        .arg(r.nearestIjk[2])
        .arg(r.value, 0, 'g', 7)
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
    lines << (r.difference
                  ? QStringLiteral("Difference (second - first): %1").arg(*r.difference, 0, 'g', 7)
                  : QStringLiteral("Difference: -"));
    setText(lines.join(QLatin1Char('\n')));
}

} // namespace voxdiff::ui
