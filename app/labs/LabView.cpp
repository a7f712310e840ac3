#include "app/labs/LabView.h"

#include "app/charts/ChartExport.h"
#include "app/charts/ChartScale.h"
#include "app/charts/Theme.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/RichLabel.h"
#include "engine/csv.h"

#include <QChartView>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QTabBar>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

LabView::LabView(const mllab::labs::LabSpec& spec, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), m_spec(spec), m_state(mllab::labs::defaultState(spec)), m_jobs(jobs)
{
    m_panel = new ParameterPanel(spec);
    m_panel->setMinimumWidth(200);
    m_panel->setMaximumWidth(280);
    connect(m_panel, &ParameterPanel::edited, this,
            [this](const QString& key, const mllab::labs::ParamValue& value) {
                if (!changeParameter(key, value))
                    showState(); // a refused edit: the control goes back to the stored value
            });

    m_chartArea = new QWidget;
    m_charts = new QVBoxLayout(m_chartArea);
    m_charts->setContentsMargins(0, 0, 0, 0);

    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_notice = widgets::richLabel();
    applyTheme();

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, [this] { refresh(); });

    auto* right = new QVBoxLayout;
    right->addWidget(m_error);
    right->addWidget(m_chartArea, 1);
    right->addWidget(m_notice);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_panel, 0, Qt::AlignTop);
    layout->addLayout(right, 1);
    m_panel->showState(m_state);
    connect(this, &LabView::resultShown, this, &LabView::followResult);
}

LabView::~LabView() = default;

void LabView::applyTheme()
{
    m_notice->setStyleSheet(theme::noticeStyle());
    m_error->setStyleSheet(theme::errorStyle());
    theme::applyToCharts(this);
}

void LabView::changeEvent(QEvent* event)
{
    // The desktop switched between light and dark: every colour follows the new palette.
    if (event->type() == QEvent::PaletteChange && !m_applyingTheme) {
        m_applyingTheme = true;
        applyTheme();
        m_applyingTheme = false;
    }
    QWidget::changeEvent(event);
}

void LabView::setState(const mllab::labs::LabState& state)
{
    if (state.pinned) {
        // A state file's pinned result: compute it first, pin it, then show the state itself.
        mllab::labs::LabState pinned = state;
        pinned.values = *state.pinned;
        pinned.pinned.reset();
        m_afterPin = state;
        m_afterPin->pinned.reset();
        setState(pinned);
        return;
    }
    m_state = state;
    showState();
    Q_EMIT stateChanged();
    refresh();
}

QString LabView::setParameter(const QString& key, const QString& value)
{
    mllab::labs::LabState changed = m_state;
    const std::string k = key.toStdString();
    if (auto bad = mllab::labs::setFromText(m_spec, changed, k, value.toStdString()))
        return problemText(*bad);
    const std::string& name = m_spec.find(k)->key; // an old key's current name
    if (auto bad = currentProblem(name, changed.value(name)))
        return problemText(*bad);
    m_state = std::move(changed);
    showState();
    Q_EMIT stateChanged();
    return {};
}

QMap<QString, QString> LabView::parameters() const
{
    QMap<QString, QString> values;
    for (const auto& [key, value] : m_state.values)
        values.insert(QString::fromStdString(key), QString::fromStdString(mllab::labs::valueText(value)));
    return values;
}

void LabView::resetParameters()
{
    mllab::labs::LabState defaults = mllab::labs::defaultState(m_spec);
    defaults.hidden = m_state.hidden;
    setState(defaults);
}

bool LabView::changeParameter(const QString& key, const mllab::labs::ParamValue& value)
{
    const std::string k = key.toStdString();
    if (m_state.value(k) == value)
        return true;
    mllab::labs::LabState changed = m_state;
    auto bad = mllab::labs::setValue(m_spec, changed, k, value);
    if (!bad)
        bad = currentProblem(k, changed.value(k));
    if (bad) {
        showError(problemText(*bad));
        return false;
    }
    const mllab::labs::ParamValue previous = m_state.value(k);
    m_state = std::move(changed);
    showState();
    Q_EMIT stateChanged();
    if (!followCsvChange(key, previous))
        parameterChanged(key);
    return true;
}

void LabView::parameterChanged(const QString& key)
{
    // Tabs only show another chart of the same result.
    for (const auto& tabs : m_tabs)
        if (tabs.first == key)
            return;
    scheduleRefresh();
}

void LabView::setLargest(const QString& key, long long largest)
{
    const std::string k = key.toStdString();
    m_largest[k] = largest;
    if (ParamControl* control = m_panel->control(key))
        control->setSpan(m_spec.find(k)->min, double(largest));
    if (m_state.integer(k) > largest)
        changeParameter(key, largest);
}

std::optional<mllab::labs::ParamProblem>
LabView::currentProblem(const std::string& key, const mllab::labs::ParamValue& value) const
{
    const auto largest = m_largest.find(key);
    const auto* number = std::get_if<long long>(&value);
    if (largest != m_largest.end() && number && *number > largest->second) {
        mllab::labs::ParamProblem problem; // e.g. the loaded model has fewer layers
        problem.kind = mllab::labs::ParamProblem::Kind::OutOfRange;
        problem.lab = m_spec.id;
        problem.key = key;
        problem.value = mllab::labs::valueText(value);
        problem.min = m_spec.find(key)->min;
        problem.max = double(largest->second);
        return problem;
    }
    return valueProblem(key, value);
}

void LabView::scheduleRefresh()
{
    m_debounce->start();
}

void LabView::showState()
{
    m_panel->showState(m_state);
    for (const auto& [key, tabs] : m_tabs) {
        const mllab::labs::ParamSpec* p = m_spec.find(key.toStdString());
        const auto it = std::find(p->choices.begin(), p->choices.end(), m_state.text(p->key));
        const QSignalBlocker block(tabs);
        tabs->setCurrentIndex(int(it - p->choices.begin()));
    }
    // A state from a link or a file names a CSV: offer its columns, keeping the chosen ones.
    const QString path = readsCsv() ? QString::fromStdString(m_state.text("csv")) : QString();
    if (!path.isEmpty() && path != m_headerOf)
        readCsvHeader(path, false);
    stateShown();
}

void LabView::bindTabs(const QString& key, QTabWidget* tabs)
{
    m_tabs.emplace_back(key, tabs);
    const mllab::labs::ParamSpec* p = m_spec.find(key.toStdString());
    Q_ASSERT(p && p->type == mllab::labs::ParamType::Choice);
    connect(tabs, &QTabWidget::currentChanged, this, [this, key, p](int index) {
        if (index >= 0 && std::size_t(index) < p->choices.size())
            changeParameter(key, p->choices[std::size_t(index)]);
    });
    showState();
}

QString LabView::problemText(const mllab::labs::ParamProblem& p)
{
    using Kind = mllab::labs::ParamProblem::Kind;
    const QString lab = QString::fromStdString(p.lab);
    const QString key = QString::fromStdString(p.key);
    const QString value = QString::fromStdString(p.value);
    const QString lo = QString::fromStdString(mllab::labs::valueText(p.min));
    const QString hi = QString::fromStdString(mllab::labs::valueText(p.max));
    QStringList choices;
    for (const auto& c : p.choices)
        choices << QString::fromStdString(c);
    const QString list = choices.join(QStringLiteral(", "));
    // The same words as mllab::labs::problemText, which mllab-cli prints, in the user's language.
    switch (p.kind) {
    case Kind::UnknownKey:
        return tr("%1: unknown parameter '%2' (known: %3)").arg(lab, key, list);
    case Kind::NotANumber:
        return tr("%1: %2 must be a number from %3 to %4, got '%5'").arg(lab, key, lo, hi, value);
    case Kind::NotAnInteger:
        return tr("%1: %2 must be a whole number from %3 to %4, got '%5'").arg(lab, key, lo, hi, value);
    case Kind::OutOfRange:
        return tr("%1: %2 must be from %3 to %4, got '%5'").arg(lab, key, lo, hi, value);
    case Kind::NotABool:
        return tr("%1: %2 must be true or false, got '%3'").arg(lab, key, value);
    case Kind::NotAChoice:
        return tr("%1: %2 must be one of %3, got '%4'").arg(lab, key, list, value);
    case Kind::Empty:
        return tr("%1: %2 must not be empty").arg(lab, key);
    case Kind::WrongJsonType:
        break;
    }
    return QString::fromStdString(mllab::labs::problemText(p));
}

void LabView::setNotice(const QString& text)
{
    // Notices mark up with <b>, and also compare ("x < 0", "T <= 1"): a "<" that cannot open a
    // tag is escaped, or the rich text would swallow the rest of the sentence.
    static const QRegularExpression comparison(QStringLiteral("<(?=[\\s\\d=.-])"));
    m_noticeBody = text;
    m_noticeBody.replace(comparison, QStringLiteral("&lt;"));
    showNotice();
}

void LabView::showNotice()
{
    QString html = QStringLiteral("<b>%1</b> %2").arg(tr("What to notice:"), m_noticeBody);
    if (m_pin)
        html += QStringLiteral("<br>") + m_pin->comparison(m_spec, m_state, keyNumbers());
    m_notice->setText(html);
}

void LabView::followResult()
{
    // Charts exist once a result is drawn (some labs build them then): each gets its menu.
    for (QWidget* chart : charts::chartWidgets(this))
        charts::installExportMenu(chart);
    if (m_afterPin) {
        pin();
        const mllab::labs::LabState state = *m_afterPin;
        m_afterPin.reset();
        setState(state);
        return;
    }
    if (m_pin) {
        m_pin->overlay(this);
        showNotice();
    }
    if (m_textScale != 1.0)
        charts::scaleCharts(this, m_textScale); // the redraw made new axes and series
}

void LabView::setTextScale(double factor)
{
    m_textScale = factor;
    for (QChartView* view : findChildren<QChartView*>())
        view->installEventFilter(this); // installing twice keeps one filter
    charts::scaleCharts(this, factor);
    charts::scaleFont(m_notice, factor);
    charts::scaleFont(m_error, factor);
    // Controls and tabs grow less: the panel must still fit 720 px.
    charts::scaleFont(m_panel, std::sqrt(factor));
    for (QTabBar* bar : findChildren<QTabBar*>())
        charts::scaleFont(bar, std::sqrt(factor));
}

bool LabView::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Resize && m_textScale != 1.0)
        if (auto* view = qobject_cast<QChartView*>(watched))
            charts::scaleChart(view->chart(), charts::fittingScale(view, m_textScale));
    return QWidget::eventFilter(watched, event);
}

void LabView::setPanelShown(bool shown)
{
    m_panel->setVisible(shown);
}

void LabView::pin()
{
    m_pin.emplace();
    m_pin->capture(this, m_state, keyNumbers());
    m_pin->overlay(this);
    showNotice();
    Q_EMIT pinChanged(true);
}

void LabView::unpin()
{
    if (!m_pin)
        return;
    m_pin.reset();
    PinnedResult::removeCopies(this);
    showNotice();
    Q_EMIT pinChanged(false);
}

mllab::labs::LabState LabView::stateWithPin() const
{
    mllab::labs::LabState state = m_state;
    if (m_pin)
        state.pinned = m_pin->state().values;
    return state;
}

QString LabView::noticeText() const
{
    return m_notice->text();
}

QString LabView::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void LabView::showError(const QString& message)
{
    if (m_afterPin) { // the pinned result could not be computed: show the state without it
        const mllab::labs::LabState state = *m_afterPin;
        m_afterPin.reset();
        setState(state);
    }
    m_error->setText(message);
    m_error->show();
}

void LabView::clearError()
{
    m_error->clear();
    m_error->hide();
}

bool LabView::exportTo(const QString& path, QString* error) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv")) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
            return false;
        }
        QTextStream(&file) << resultCsv();
        return true;
    }
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(m_chartArea->size());
        svg.setViewBox(QRect(QPoint(0, 0), m_chartArea->size()));
        svg.setTitle(labId());
        QPainter painter;
        if (!painter.begin(&svg)) {
            *error = tr("Cannot write %1").arg(path);
            return false;
        }
        m_chartArea->render(&painter);
        return true;
    }
    if (suffix == QLatin1String("png")) {
        if (!m_chartArea->grab().save(path, "PNG")) {
            *error = tr("Cannot write %1").arg(path);
            return false;
        }
        return true;
    }
    *error = tr("Unknown export format '%1': use .png, .svg or .csv").arg(suffix);
    return false;
}


bool LabView::readsCsv() const
{
    const mllab::labs::ParamSpec* csv = m_spec.find("csv");
    return csv && csv->type == mllab::labs::ParamType::File && m_spec.find("source");
}

bool LabView::followCsvChange(const QString& key, const mllab::labs::ParamValue& previous)
{
    if (!readsCsv())
        return false;
    if (key == QLatin1String("source")) {
        // Choosing "a CSV file" without one asks for it; a dismissed dialog keeps the old data.
        if (m_state.text("source") != "csv" || !m_state.text("csv").empty() ||
            m_panel->control(QStringLiteral("csv"))->activate())
            return false;
        changeParameter(key, previous);
        return true;
    }
    if (key == QLatin1String("csv") && !m_state.text("csv").empty()) {
        readCsvHeader(QString::fromStdString(m_state.text("csv")), true);
        return true;
    }
    return false;
}

void LabView::readCsvHeader(const QString& path, bool chosen)
{
    m_headerOf = path;
    m_jobs->submit(
        labId() + QStringLiteral("/inspect"), tr("Reading the header of %1").arg(path), this,
        [path](const mllab::Progress& progress) {
            return mllab::inspectCsvFile(path.toStdString(), progress);
        },
        [this, chosen](const mllab::CsvInfo& info) { csvHeaderRead(info, chosen); },
        [this](const QString& message) { showError(message); });
}

void LabView::csvHeaderRead(const mllab::CsvInfo& header, bool chosen)
{
    (void)header;
    (void)chosen;
    scheduleRefresh();
}

QStringList LabView::columnNames(const mllab::CsvInfo& header)
{
    QStringList columns;
    for (const auto& name : header.header)
        columns << QString::fromStdString(name);
    return columns;
}

void LabView::offerColumns(const mllab::CsvInfo& header, const QStringList& keys)
{
    const QStringList columns = columnNames(header);
    for (const QString& key : keys) {
        ParamControl* control = m_panel->control(key);
        control->setItems(columns);
        control->showValue(m_state.value(key.toStdString()));
    }
}

void LabView::chooseColumns(const mllab::CsvInfo& header,
                            const std::vector<std::pair<QString, int>>& fallbacks)
{
    const QStringList columns = columnNames(header);
    for (const auto& [key, fallback] : fallbacks) {
        QString column = QString::fromStdString(m_state.text(key.toStdString()));
        if (!columns.contains(column) && !columns.isEmpty())
            column = columns[std::min<int>(fallback, int(columns.size()) - 1)];
        changeParameter(key, column.toStdString());
    }
    if (m_state.text("source") != "csv")
        changeParameter(QStringLiteral("source"), std::string("csv"));
    scheduleRefresh();
}
