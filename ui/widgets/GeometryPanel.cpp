#include "widgets/GeometryPanel.h"

#include "voxdiff/Comparison.h"
#include "voxdiff/Volume.h"

namespace voxdiff::ui {

namespace {

QString vec(const core::Vec3& v, int precision = 4) {
    return QStringLiteral("%1, %2, %3")
        .arg(v[0], 0, 'f', precision)
        .arg(v[1], 0, 'f', precision)
        .arg(v[2], 0, 'f', precision);
}

QString matrix(const core::Matrix4& m) {
    QStringList rows;
    for (int r = 0; r < 4; ++r) {
        QStringList cells;
        for (int c = 0; c < 4; ++c) {
            cells << QStringLiteral("%1").arg(m.at(r, c), 10, 'f', 4);
        }
        rows << cells.join(QLatin1Char(' '));
    }
    return rows.join(QLatin1Char('\n'));
}

QString scaling(const core::Scaling& s) {
    QString text = QStringLiteral("%1, stored %2")
                       .arg(core::scalingKindName(s.kind), QString::fromStdString(s.storedType));
    if (!s.perSliceK.empty()) {
        text += s.slopeVariesPerSlice()
                    ? QStringLiteral(", slope varies per slice")
                    : QStringLiteral(", slope %1 on every slice").arg(s.slopeOfSlice(0), 0, 'g', 8);
    } else if (s.kind != core::ScalingKind::None) {
        text += QStringLiteral(", slope %1, intercept %2")
                    .arg(s.slope, 0, 'g', 8)
                    .arg(s.intercept, 0, 'g', 8);
    }
    return text;
}

using Field = QString (*)(const core::Volume&);

} // namespace

QList<GeometryRow> geometryRows(const core::Volume* first, const core::Volume* second) {
    static const std::vector<std::pair<QString, Field>> kFields{
        {QStringLiteral("Format"),
         [](const core::Volume& v) {
             return QString::fromLatin1(core::imageFormatName(v.source().format));
         }},
        {QStringLiteral("Dims (i, j, k)"),
         [](const core::Volume& v) {
             return QStringLiteral("%1 x %2 x %3")
                 .arg(v.dims()[0])
                 .arg(v.dims()[1])
                 .arg(v.dims()[2]);
         }},
        {QStringLiteral("Spacing mm"), [](const core::Volume& v) { return vec(v.spacingMm()); }},
        {QStringLiteral("Origin RAS mm"), [](const core::Volume& v) { return vec(v.originRas()); }},
        {QStringLiteral("Origin LPS mm"), [](const core::Volume& v) { return vec(v.originLps()); }},
        {QStringLiteral("Orientation (RAS code)"),
         [](const core::Volume& v) { return QString::fromStdString(v.orientationCode()); }},
        {QStringLiteral("Direction i (LPS)"),
         [](const core::Volume& v) { return vec(v.directionLps(0), 5); }},
        {QStringLiteral("Direction j (LPS)"),
         [](const core::Volume& v) { return vec(v.directionLps(1), 5); }},
        {QStringLiteral("Direction k (LPS)"),
         [](const core::Volume& v) { return vec(v.directionLps(2), 5); }},
        {QStringLiteral("ijkToRas"), [](const core::Volume& v) { return matrix(v.ijkToRas()); }},
        {QStringLiteral("ijkToLps"), [](const core::Volume& v) { return matrix(v.ijkToLps()); }},
        {QStringLiteral("Data type"),
         [](const core::Volume& v) { return QString::fromStdString(v.scaling().storedType); }},
        {QStringLiteral("Scaling"), [](const core::Volume& v) { return scaling(v.scaling()); }},
        {QStringLiteral("Modality / units"),
         [](const core::Volume& v) {
             return QStringLiteral("%1 / %2").arg(
                 QString::fromStdString(v.modality().empty() ? "-" : v.modality()),
                 QString::fromStdString(v.valueUnits().empty() ? "-" : v.valueUnits()));
         }},
        {QStringLiteral("NIfTI qform / sform code"),
         [](const core::Volume& v) {
             if (!v.nifti()) {
                 return QStringLiteral("-");
             }
             return QStringLiteral("%1 / %2 (using %3)")
                 .arg(v.nifti()->qformCode)
                 .arg(v.nifti()->sformCode)
                 .arg(QString::fromStdString(v.nifti()->affineSource));
         }},
        {QStringLiteral("Diagnostics"),
         [](const core::Volume& v) {
             QStringList items;
             for (const auto& d : v.diagnostics()) {
                 items << QStringLiteral("%1: %2").arg(core::severityName(d.severity),
                                                       QString::fromStdString(d.message));
             }
             return items.isEmpty() ? QStringLiteral("none") : items.join(QLatin1Char('\n'));
         }},
    };
    QList<GeometryRow> rows;
    for (const auto& [label, field] : kFields) {
        rows.append(
            {label, first ? field(*first) : QString(), second ? field(*second) : QString()});
    }
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
