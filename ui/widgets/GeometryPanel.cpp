// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/GeometryPanel.h"

#include "voxdiff/Comparison.h"
#include "voxdiff/ImageFacts.h"
#include "voxdiff/Volume.h"

namespace voxdiff::ui {

namespace {

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

QString matrixOf(const core::Volume* v, bool lps) {
    return v ? text(core::displayMatrix(lps ? v->ijkToLps() : v->ijkToRas())) : QString();
}

QString diagnosticsOf(const core::Volume* v) {
    if (!v) {
        return {};
    }
    QStringList items;
    for (const auto& d : v->diagnostics()) {
        items << QStringLiteral("%1: %2").arg(core::severityName(d.severity), text(d.message));
    }
    return items.isEmpty() ? QStringLiteral("none") : items.join(QLatin1Char('\n'));
}

} // namespace

QList<GeometryRow> geometryRows(const core::Volume* first, const core::Volume* second) {
    // The facts every report shows, in the same words and numbers, then what only the viewer's
    // table holds: the matrices (reports draw them in their own block) and the diagnostics.
    QList<GeometryRow> rows;
    for (const core::FactRow& row : core::imageFactRows(first, second)) {
        rows.append({text(row.label), text(row.first), text(row.second)});
    }
    rows.append({QStringLiteral("ijkToRas"), matrixOf(first, false), matrixOf(second, false)});
    rows.append({QStringLiteral("ijkToLps"), matrixOf(first, true), matrixOf(second, true)});
    rows.append({QStringLiteral("Diagnostics"), diagnosticsOf(first), diagnosticsOf(second)});
    return rows;
}

GeometryPanel::GeometryPanel(ViewerState* state, QWidget* parent)
    : QTextBrowser(parent), m_state(state) {
    setObjectName(QStringLiteral("geometryPanel"));
    connect(state, &ViewerState::volumeChanged, this, &GeometryPanel::refresh);
    connect(state, &ViewerState::comparisonChanged, this, &GeometryPanel::refresh);
    refresh();
}

void GeometryPanel::refresh() {
    const core::Volume* first = m_state->volume(ImageSlot::First).get();
    const core::Volume* second = m_state->volume(ImageSlot::Second).get();
    const auto& comparison = m_state->comparison();
    QString verdictHtml;
    if (!first || !second) {
        m_explanation = QStringLiteral("Load two images to see how their grids relate.");
    } else if (comparison) {
        m_explanation = QString::fromStdString(comparison->geometry.explanation);
        verdictHtml = QStringLiteral("<p style='font-size:large'><b>Verdict: %1</b><br>%2</p>")
                          .arg(QString::fromLatin1(core::verdictName(comparison->verdict)),
                               QString::fromStdString(comparison->verdictReason).toHtmlEscaped());
    } else {
        // The grid relation is instant; the values follow when the comparison has run.
        m_explanation = QString::fromStdString(
            core::relateGeometry(*first, *second, m_state->settings().gridToleranceVoxels)
                .explanation);
        verdictHtml = QStringLiteral("<p><i>Comparing the values...</i></p>");
    }
    QString html = verdictHtml +
                   QStringLiteral("<p><b>%1</b></p><table border='1' cellspacing='0' "
                                  "cellpadding='3'><tr><th></th><th>First</th><th>Second</th></tr>")
                       .arg(m_explanation.toHtmlEscaped());
    for (const GeometryRow& row : geometryRows(first, second)) {
        const QString style =
            row.differs() ? QStringLiteral(" style='background-color:#ffe08a'") : QString();
        auto cell = [&style](const QString& text) {
            return QStringLiteral("<td%1><pre>%2</pre></td>").arg(style, text.toHtmlEscaped());
        };
        html += QStringLiteral("<tr><td><pre><b>%1</b></pre></td>%2%3</tr>")
                    .arg(row.label.toHtmlEscaped(), cell(row.first), cell(row.second));
    }
    html += QStringLiteral("</table>");
    setHtml(html);
}

} // namespace voxdiff::ui
