#pragma once
// Tokenizer lab: byte-level BPE learned merge by merge on an editable text (merge table, a step
// slider, the text's tokens at that step, the token count falling with every merge), then a
// trained model's tokenizer on any text (token count, bytes per token, pieces as chips).
//
// The pipeline is engine/labs/tokenizer.h, in two halves: a change of the training text, merges
// or trace recomputes the BPE half, a change of the model or its text the model's half, and
// each half's error leaves the other shown. The step slider and the tabs only redraw.

#include "app/labs/LabView.h"
#include "engine/labs/tokenizer.h"

class QChart;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QSlider;
class QTableWidget;
class QTabWidget;
class QValueAxis;
class TokenChips;

class TokenizerView : public LabView {
    Q_OBJECT
public:
    explicit TokenizerView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasBpeResult() const { return m_hasBpe; }
    bool hasModelResult() const { return m_hasModel; }
    const mllab::BpeLabResult& bpeResult() const { return m_bpe; }
    const mllab::TokenizationResult& modelResult() const { return m_model; }
    /// The step shown (0 = bytes, before any merge).
    int shownStep() const;
    TokenChips* stepChips() const { return m_stepChips; }
    TokenChips* modelChips() const { return m_modelChips; }
    QTableWidget* mergeTable() const { return m_table; }
    QSlider* stepSlider() const { return m_slider; }
    QTabWidget* tabs() const { return m_tabs; }

protected:
    void parameterChanged(const QString& key) override;
    void stateShown() override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    enum Half { kBpe = 1, kModel = 2 };
    void setUpPanel();
    QWidget* makeBpePage();
    QWidget* makeModelPage();
    void compute(int halves);
    void showResult(const mllab::labs::TokenizerLabResult& result);
    void showBpe();
    void showModel();
    void drawUnits();
    void showStep();
    void updateNotice();
    void updateErrors();

    mllab::BpeLabResult m_bpe;
    mllab::TokenizationResult m_model;
    bool m_hasBpe = false;
    bool m_hasModel = false;
    QString m_bpeError;
    QString m_modelError;
    int m_drawnStep = -1;    ///< the step the chips, table and marker show
    int m_runningHalves = 0; ///< computed by the job in flight

    QTabWidget* m_tabs;
    QSlider* m_slider;
    QLabel* m_stepLabel;
    TokenChips* m_stepChips;
    QTableWidget* m_table;
    QChart* m_countChart;
    QValueAxis* m_stepAxis;
    QValueAxis* m_countAxis;
    QLineSeries* m_countSeries;
    QScatterSeries* m_countMarker;
    QLabel* m_modelStats;
    TokenChips* m_modelChips;
    QChart* m_unitChart;
};
