#pragma once
// Status-bar piece: the running job's title, a progress bar and a cancel button; hidden when idle.

#include <QWidget>

class JobRunner;
class QLabel;
class QProgressBar;
class QToolButton;

class JobStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobStatusWidget(JobRunner* jobs, QWidget* parent = nullptr);

private:
    JobRunner* m_jobs;
    QString m_key;
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
};
