#include "app/labs/LabArea.h"

#include "app/charts/ChartScale.h"
#include "app/charts/Theme.h"
#include "app/labs/LabExport.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/widgets/RichLabel.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <cmath>

LabArea::LabArea(JobRunner* jobs, QWidget* parent) : QWidget(parent), m_jobs(jobs)
{
    m_picker = new QComboBox;
    for (const auto& lab : LabRegistry::labs())
        m_picker->addItem(lab.title, lab.id);
    m_picker->setToolTip(tr("Choose a lab"));
    // Sized to a short title, not the longest: the lab column must fit a 1280-pixel window
    // beside the question browser and the question.
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_picker->setMinimumContentsLength(16);

    m_pinButton = new QPushButton(tr("Pin"));
    m_pinButton->setToolTip(tr("Keep this result to compare: newer results are drawn beside it "
                               "(Ctrl+Shift+P; pinning again replaces it)"));
    connect(m_pinButton, &QPushButton::clicked, this, &LabArea::pinCurrent);
    m_unpinButton = new QPushButton(tr("Unpin"));
    m_unpinButton->setToolTip(tr("Stop comparing with the pinned result"));
    m_unpinButton->hide();
    connect(m_unpinButton, &QPushButton::clicked, this, &LabArea::unpinCurrent);

    auto* reset = new QPushButton(tr("Reset"));
    reset->setToolTip(tr("Restore this lab's default parameters"));
    auto* exportButton = new QPushButton(tr("Export"));
    exportButton->setToolTip(tr("Save every chart with its data, or the lab as one picture"));
    auto* exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("Every chart and its data to a folder…"), this,
                          &LabArea::exportToFolder);
    exportMenu->addAction(tr("The lab as one picture or CSV…"), this, &LabArea::exportCurrent);
    exportButton->setMenu(exportMenu);
    connect(reset, &QPushButton::clicked, this, &LabArea::resetCurrent);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Lab:")));
    top->addWidget(m_picker, 1);
    top->addWidget(m_pinButton);
    top->addWidget(m_unpinButton);
    top->addWidget(reset);
    top->addWidget(exportButton);

    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    theme::setSecondary(m_summary);
    // One wrapping label: a row of link labels would not shrink, and a lab with long question
    // titles would take the width the question column needs at 1280 px.
    m_links = widgets::richLabel();
    m_links->setToolTip(tr("Open the question"));
    connect(m_links, &QLabel::linkActivated, this, &LabArea::questionRequested);

    m_stack = new QStackedWidget;
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_links);
    layout->addWidget(m_stack, 1);

    connect(m_picker, &QComboBox::currentIndexChanged, this,
            [this](int index) { openLab(m_picker->itemData(index).toString()); });
}

LabView* LabArea::viewFor(const QString& id, bool computeIfNew)
{
    const LabInfo* info = LabRegistry::find(id);
    if (!info)
        return nullptr;
    LabView* view = m_views.value(id);
    if (!view) {
        view = info->create(m_jobs, m_stack);
        m_views.insert(id, view);
        m_stack->addWidget(view);
        connect(view, &LabView::pinChanged, this, &LabArea::showPinState);
        if (m_presenting) {
            view->setTextScale(m_textScale);
            view->setPanelShown(m_panelShown);
        }
        if (computeIfNew)
            view->refresh();
    }
    return view;
}

bool LabArea::openLabState(const mllab::labs::LabState& state)
{
    const QString id = QString::fromStdString(state.lab);
    LabView* view = viewFor(id, false);
    if (!view)
        return false;
    view->setState(state);
    return openLab(id);
}

bool LabArea::openLab(const QString& id)
{
    LabView* view = viewFor(id, true);
    if (!view)
        return false;
    m_stack->setCurrentWidget(view);
    {
        const QSignalBlocker block(m_picker);
        m_picker->setCurrentIndex(m_picker->findData(id));
    }
    updateHeader();
    showPinState();
    Q_EMIT labChanged(id);
    return true;
}

LabView* LabArea::currentLab() const
{
    return qobject_cast<LabView*>(m_stack->currentWidget());
}

QString LabArea::currentLabTitle() const
{
    const LabInfo* info = LabRegistry::find(currentLabId());
    return info ? info->title : QString();
}

QString LabArea::currentLabId() const
{
    const LabView* view = currentLab();
    return view ? view->labId() : QString();
}

void LabArea::setQuestionLinks(std::function<QStringList(const QString&)> questionsOf,
                               std::function<QString(const QString&)> titleOf)
{
    m_questionsOf = std::move(questionsOf);
    m_titleOf = std::move(titleOf);
    updateHeader();
}

void LabArea::updateHeader()
{
    const LabInfo* info = LabRegistry::find(currentLabId());
    m_summary->setText(info ? info->summary : QString());
    QStringList links;
    const QStringList questions =
        info && m_questionsOf ? m_questionsOf(info->id) : QStringList();
    for (const QString& qid : questions) {
        const QString title = m_titleOf ? m_titleOf(qid) : qid;
        if (!title.isEmpty())
            links << QStringLiteral("<a href=\"%1\">%2</a>")
                         .arg(qid.toHtmlEscaped(), title.toHtmlEscaped());
    }
    m_links->setText(links.isEmpty() ? QString()
                                     : tr("Questions:") + QStringLiteral(" ") +
                                           links.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    m_links->setVisible(!links.isEmpty() && !m_presenting);
}

void LabArea::setPresentation(bool on, double textScale, bool panelShown)
{
    m_presenting = on;
    m_textScale = on ? textScale : 1.0;
    m_panelShown = on ? panelShown : true;
    // The header grows less than the chart text: it must still fit 720 px. The summary and the
    // question links are for the one at the keyboard: presenting, the charts get their room.
    for (QWidget* header : findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly))
        if (header != m_stack)
            charts::scaleFont(header, std::sqrt(m_textScale));
    m_summary->setVisible(!on);
    m_links->setVisible(!on && !m_links->text().isEmpty());
    for (LabView* view : std::as_const(m_views)) {
        view->setTextScale(m_textScale);
        view->setPanelShown(m_panelShown);
    }
}

void LabArea::addTopBar(QWidget* bar)
{
    static_cast<QVBoxLayout*>(layout())->insertWidget(0, bar);
}

QWidget* LabArea::labStack() const
{
    return m_stack;
}

void LabArea::pinCurrent()
{
    if (LabView* view = currentLab())
        view->pin();
}

void LabArea::unpinCurrent()
{
    if (LabView* view = currentLab())
        view->unpin();
}

void LabArea::showPinState()
{
    const LabView* view = currentLab();
    m_unpinButton->setVisible(view && view->isPinned());
}

void LabArea::resetCurrent()
{
    if (LabView* view = currentLab())
        view->resetParameters();
}

void LabArea::exportToFolder()
{
    LabView* view = currentLab();
    if (!view)
        return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export lab to a folder"));
    if (folder.isEmpty())
        return;
    QString error;
    const QStringList written = exportLab(view, folder, view->labId(), &error);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export failed"), error);
    else
        Q_EMIT statusMessage(tr("Wrote %n file(s) to %1", nullptr, int(written.size()))
                                 .arg(QDir::toNativeSeparators(folder)));
}

void LabArea::exportCurrent()
{
    LabView* view = currentLab();
    if (!view)
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export lab"), view->labId() + QStringLiteral(".png"),
        tr("PNG image (*.png);;SVG image (*.svg);;CSV data (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!view->exportTo(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}
