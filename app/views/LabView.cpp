#include "app/views/LabView.h"

#include "app/jobs/JobRunner.h"
#include "engine/csv.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSvgGenerator>
#include <QTextStream>
#include <QVBoxLayout>

LabView::LabView(const QString& labId, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), m_labId(labId), m_jobs(jobs)
{
    auto* params = new QGroupBox(tr("Parameters"));
    m_form = new QFormLayout(params);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    params->setMinimumWidth(200);
    params->setMaximumWidth(280);

    m_chartArea = new QWidget;
    m_charts = new QVBoxLayout(m_chartArea);
    m_charts->setContentsMargins(0, 0, 0, 0);

    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(
        QStringLiteral("QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bc;"
                       " border-radius: 4px; padding: 6px; }"));
    m_error->hide();

    m_notice = new QLabel;
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::RichText);
    m_notice->setStyleSheet(QStringLiteral(
        "QLabel { background: #eef4fb; border: 1px solid #c9dcf0; border-radius: 4px;"
        " padding: 6px; }"));

    auto* right = new QVBoxLayout;
    right->addWidget(m_error);
    right->addWidget(m_chartArea, 1);
    right->addWidget(m_notice);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(params, 0, Qt::AlignTop);
    layout->addLayout(right, 1);
}

void LabView::setNotice(const QString& text)
{
    m_notice->setText(QStringLiteral("<b>%1</b> %2").arg(tr("What to notice:"), text));
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
        svg.setTitle(m_labId);
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

bool LabView::openCsv(const QString& title, const QString& currentPath, CsvHeaderFn onHeader)
{
    const QString path = QFileDialog::getOpenFileName(
        this, title, QFileInfo(currentPath).absolutePath(), tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return false;
    jobs()->submit<mllab::CsvInfo>(
        labId() + QStringLiteral("/inspect"), tr("Reading the header of %1").arg(path),
        [path](const mllab::Progress&) { return mllab::inspectCsvFile(path.toStdString()); },
        [path, onHeader = std::move(onHeader)](const mllab::CsvInfo& info) {
            onHeader(path, info);
        },
        [this](const QString& message) { showError(message); });
    return true;
}

QString LabView::fillColumnChoice(QComboBox* box, const std::vector<std::string>& header,
                                  const QString& preferred, int fallback)
{
    box->clear();
    for (const auto& name : header)
        box->addItem(QString::fromStdString(name));
    const int i = box->findText(preferred);
    box->setCurrentIndex(i >= 0 ? i : std::min(fallback, box->count() - 1));
    return box->currentText();
}
