#include "app/widgets/JobStatusWidget.h"

#include "app/jobs/JobRunner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

JobStatusWidget::JobStatusWidget(JobRunner* jobs, QWidget* parent) : QWidget(parent), m_jobs(jobs)
{
    m_label = new QLabel;
    m_bar = new QProgressBar;
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->setFixedWidth(140);
    m_cancel = new QToolButton;
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the running computation"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    hide();

    connect(m_jobs, &JobRunner::started, this, [this](quint64, const QString& key, const QString& title) {
        m_key = key;
        m_label->setText(title);
        m_bar->setValue(0);
        m_bar->setRange(0, 0);  // busy indicator until the first progress report
        show();
    });
    connect(m_jobs, &JobRunner::progressed, this,
            [this](quint64, const QString& key, double fraction, const QString& message) {
                if (key != m_key)
                    return;
                m_bar->setRange(0, 1000);
                m_bar->setValue(int(fraction * 1000));
                if (!message.isEmpty())
                    m_bar->setToolTip(message);
            });
    connect(m_jobs, &JobRunner::busyChanged, this, [this](bool busy) { setVisible(busy); });
    connect(m_cancel, &QToolButton::clicked, this, [this] { m_jobs->cancelAll(); });
}
