#pragma once
// Base class of every lab: a parameter panel made from the lab's declaration on the left,
// charts in the middle, a "what to notice" text under them, and an error banner that keeps the
// last good result visible.
//
// The lab's state (engine/labs/params.h) is the one source of truth: the form, --set, links,
// state files and presets all read and write it, validated by the declaration. A change of a
// parameter calls parameterChanged(key), which by default recomputes (debounced); labs override
// it for changes they only redraw. Subclasses compute through run() and only draw what they get
// back.

#include "app/jobs/JobRunner.h"
#include "app/labs/PinnedResult.h"
#include "engine/labs/params.h"

#include <QMap>
#include <QString>
#include <QWidget>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mllab {
struct CsvInfo;
}
class ParameterPanel;
class QLabel;
class QTabWidget;
class QTimer;
class QVBoxLayout;

class LabView : public QWidget {
    Q_OBJECT
public:
    LabView(const mllab::labs::LabSpec& spec, JobRunner* jobs, QWidget* parent = nullptr);
    ~LabView() override;

    QString labId() const { return QString::fromStdString(m_spec.id); }
    const mllab::labs::LabSpec& spec() const { return m_spec; }
    const mllab::labs::LabState& state() const { return m_state; }

    /// Replaces the whole state (already validated by its reader) and recomputes.
    void setState(const mllab::labs::LabState& state);
    /// Sets one parameter from text (--set, presets); returns the translated problem, empty on
    /// success. Does not recompute: call refresh() after a batch of changes.
    QString setParameter(const QString& key, const QString& value);
    /// Every parameter as key=value text (presets).
    QMap<QString, QString> parameters() const;
    /// Restores the defaults (keeping hidden controls hidden) and recomputes.
    void resetParameters();
    /// Starts (or restarts) the computation for the current state.
    virtual void refresh() = 0;
    /// The current result as CSV text (header row first), for File > Export.
    virtual QString resultCsv() const = 0;

    /// Writes the charts as PNG or SVG, or the result as CSV, chosen by the file suffix.
    bool exportTo(const QString& path, QString* error) const;

    QString noticeText() const;
    QString errorText() const;

    /// A lab's problem with a value, worded in the user's language.
    static QString problemText(const mllab::labs::ParamProblem& problem);

    /// Keeps the current result: the charts draw it muted and dashed beside every newer one,
    /// and the notice says how the key numbers moved. Pinning again replaces it.
    void pin();
    void unpin();
    bool isPinned() const { return m_pin.has_value(); }
    /// The state with the pinned result's parameters, for state files.
    mllab::labs::LabState stateWithPin() const;
    /// Presentation: chart text, lines and the notice scaled by `factor` (1: as designed), kept
    /// through every redraw; and the parameter panel shown or not.
    void setTextScale(double factor);
    void setPanelShown(bool shown);

    /// The numbers the notice leads with, for the comparison with a pinned result.
    virtual QList<KeyNumber> keyNumbers() const { return {}; }

Q_SIGNALS:
    void resultShown();  ///< a new result was drawn
    void stateChanged(); ///< any parameter changed (by the user, a link, a file or the lab)
    void pinChanged(bool pinned);

protected:
    void changeEvent(QEvent* event) override;
    /// Presenting, a chart that changes size gets the text scale that fits it again.
    bool eventFilter(QObject* watched, QEvent* event) override;

    JobRunner* jobs() const { return m_jobs; }
    ParameterPanel* parameterPanel() const { return m_panel; }
    QVBoxLayout* chartLayout() const { return m_charts; }

    /// Stores a value the lab itself changes (a dragged marker, a chosen file) as if the user
    /// had typed it: validated, shown, then parameterChanged(key). False if refused.
    bool changeParameter(const QString& key, const mllab::labs::ParamValue& value);
    /// After a change of `key`: the default recomputes (debounced); labs override it for keys
    /// that only redraw.
    virtual void parameterChanged(const QString& key);
    /// After the state changed in any way: labs show what the form does not (tabs, buttons).
    virtual void stateShown() {}
    /// A problem with a value that the declaration cannot see, checked after it whenever a
    /// value is set (a layer the loaded model does not have); none by default.
    virtual std::optional<mllab::labs::ParamProblem> valueProblem(
        const std::string& key, const mllab::labs::ParamValue& value) const
    {
        (void)key;
        (void)value;
        return std::nullopt;
    }
    /// The largest value an integer parameter may take now (the loaded model's layers, n - 1
    /// training points): its control offers no more, a larger value from --set, a link or a file
    /// is refused with the usual message, and a stored larger value comes down to it.
    void setLargest(const QString& key, long long largest);

    /// Recomputes after a short pause, so dragging a slider starts one job, not fifty.
    void scheduleRefresh();

    /// Binds a choice parameter to a tab widget: the tab shown is the parameter's value.
    void bindTabs(const QString& key, QTabWidget* tabs);

    /// Runs `work` through the job runner, keyed by this lab and guarded by this view: the
    /// result reaches `onResult` (and an error the banner) only while the view exists and the
    /// job is the lab's latest.
    template <class Work, class OnResult>
    void run(const QString& title, Work work, OnResult onResult)
    {
        m_jobs->submit(labId(), title, this, std::move(work), std::move(onResult),
                       [this](const QString& message) { showError(message); });
    }

    /// Like run(), for a slow part of the lab computed as its own job beside the main one
    /// (latest wins per part), so that it does not hold up the rest. An error reaches the banner,
    /// or `onError` when one is given.
    template <class Work, class OnResult>
    void runPart(const QString& part, const QString& title, Work work, OnResult onResult,
                 JobRunner::ErrorFn onError = {})
    {
        if (!onError)
            onError = [this](const QString& message) { showError(message); };
        m_jobs->submit(labId() + QLatin1Char('/') + part, title, this, std::move(work),
                       std::move(onResult), std::move(onError));
    }

    void setNotice(const QString& text);
    void showError(const QString& message);
    void clearError();

    /// Labs that read a user's CSV declare "source" (with a "csv" choice) and "csv" (see
    /// csvFileParam); LabView then runs the file's flow: choosing "csv" without a file asks for
    /// one (a dismissed dialog keeps the old source), and the header of every new file is read in
    /// a job and handed here. `chosen`: the user just picked the file, so pick its columns too;
    /// otherwise (a link, a state file) keep the stored ones.
    virtual void csvHeaderRead(const mllab::CsvInfo& header, bool chosen);
    /// Offers the header's columns in the choice controls of `keys`, each showing its value.
    void offerColumns(const mllab::CsvInfo& header, const QStringList& keys);
    /// For a chosen file: each key takes the column named as before, else the one at its
    /// fallback index; then the source becomes "csv" and the lab recomputes.
    void chooseColumns(const mllab::CsvInfo& header,
                       const std::vector<std::pair<QString, int>>& fallbacks);
    static QStringList columnNames(const mllab::CsvInfo& header);

private:
    void showState();
    void applyTheme();
    void showNotice();
    /// After a result: menus on new charts, the pinned copies and comparison, a pin to restore.
    void followResult();
    bool readsCsv() const;
    /// The problems a value has beyond its declaration: above setLargest(), or valueProblem().
    std::optional<mllab::labs::ParamProblem>
    currentProblem(const std::string& key, const mllab::labs::ParamValue& value) const;
    /// The CSV flow's part of a change (see csvHeaderRead); true when it took the change.
    bool followCsvChange(const QString& key, const mllab::labs::ParamValue& previous);
    void readCsvHeader(const QString& path, bool chosen);

    const mllab::labs::LabSpec& m_spec;
    mllab::labs::LabState m_state;
    JobRunner* m_jobs;
    ParameterPanel* m_panel;
    QWidget* m_chartArea;
    QVBoxLayout* m_charts;
    QLabel* m_notice;
    QLabel* m_error;
    QTimer* m_debounce;
    std::vector<std::pair<QString, QTabWidget*>> m_tabs;
    bool m_applyingTheme = false;
    QString m_headerOf; ///< the CSV whose columns the controls offer
    std::map<std::string, long long> m_largest; ///< setLargest() by key
    QString m_noticeBody;                       ///< the lab's notice, before the comparison
    double m_textScale = 1.0;
    std::optional<PinnedResult> m_pin;
    /// While a state file's pinned result computes: the state to show after it is pinned.
    std::optional<mllab::labs::LabState> m_afterPin;
};
