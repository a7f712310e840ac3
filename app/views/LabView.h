#pragma once
// Base class of every lab: a parameter panel on the left, charts in the middle, a "what to
// notice" text under them, and an error banner that keeps the last good result visible.
// Subclasses own a Params struct, map it to key=value pairs (presets, lab links, --set), submit
// their engine call through JobRunner and only draw the Result they get back.

#include <QMap>
#include <QString>
#include <QWidget>

#include <functional>
#include <string>
#include <vector>

namespace mllab {
struct CsvInfo;
}
class JobRunner;
class QComboBox;
class QFormLayout;
class QLabel;
class QVBoxLayout;

class LabView : public QWidget {
    Q_OBJECT
public:
    LabView(const QString& labId, JobRunner* jobs, QWidget* parent = nullptr);

    const QString& labId() const { return m_labId; }

    /// Current parameters as key=value pairs.
    virtual QMap<QString, QString> parameters() const = 0;
    /// Sets one parameter from text; returns an error message, empty on success. Does not
    /// recompute: call refresh() after a batch of changes.
    virtual QString setParameter(const QString& key, const QString& value) = 0;
    /// Restores the defaults and recomputes.
    virtual void resetParameters() = 0;
    /// Starts (or restarts) the computation for the current parameters.
    virtual void refresh() = 0;
    /// The current result as CSV text (header row first), for File > Export.
    virtual QString resultCsv() const = 0;

    /// Writes the charts as PNG or SVG, or the result as CSV, chosen by the file suffix.
    bool exportTo(const QString& path, QString* error) const;

    QString noticeText() const;
    QString errorText() const;

Q_SIGNALS:
    void resultShown(); ///< a new result was drawn

protected:
    JobRunner* jobs() const { return m_jobs; }
    QFormLayout* parameterForm() const { return m_form; }
    QVBoxLayout* chartLayout() const { return m_charts; }
    QWidget* chartArea() const { return m_chartArea; }

    void setNotice(const QString& text);
    void showError(const QString& message);
    void clearError();

    /// The "Open CSV…" step of the labs that read a user's file: asks for a file (starting in
    /// the folder of `currentPath`), reads its header in a job and hands both to `onHeader` on
    /// the UI thread; a file that cannot be read shows as the lab's error. Returns false when
    /// the dialog was dismissed.
    using CsvHeaderFn = std::function<void(const QString& path, const mllab::CsvInfo& header)>;
    bool openCsv(const QString& title, const QString& currentPath, CsvHeaderFn onHeader);
    /// Fills `box` with the header's columns and selects `preferred`, or the column at
    /// `fallback` when the file has no such column; returns the selected name.
    static QString fillColumnChoice(QComboBox* box, const std::vector<std::string>& header,
                                    const QString& preferred, int fallback);

private:
    QString m_labId;
    JobRunner* m_jobs;
    QFormLayout* m_form;
    QWidget* m_chartArea;
    QVBoxLayout* m_charts;
    QLabel* m_notice;
    QLabel* m_error;
};
