#pragma once
// Tokenizer lab: byte-level BPE learned merge by merge on an editable text (merge table, a step
// slider, the text's tokens at that step, the token count falling with every merge), then a
// trained model's tokenizer on any text (token count, bytes per token, pieces as chips).
//
// Two engine calls, each through JobRunner: computeBpeLab when the training text, merges or
// probe change, computeTokenization when the model or its text change. The step slider only
// redraws.

#include "app/labs/LabView.h"
#include "engine/lm/tokenization.h"

class ModelPicker;
class QChart;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPlainTextEdit;
class QScatterSeries;
class QSlider;
class QSpinBox;
class QTableWidget;
class QTabWidget;
class QTimer;
class TokenChips;

class TokenizerView : public LabView {
    Q_OBJECT
public:
    struct Params {
        QString text = QStringLiteral("the cat sat on the mat"); ///< BPE training text
        int merges = 20;
        QString probe;     ///< traced instead of the training text when not empty
        int step = -1;     ///< slider position; -1 = the last merge
        QString modelPath; ///< "" = the picker's first entry
        QString modelText = QStringLiteral(
            "Tokenization splits unbelievably long words into subword pieces, so a model never "
            "meets an unknown word: even 🤖 or Zürich become bytes it knows.");
    };

    explicit TokenizerView(JobRunner* jobs, QWidget* parent = nullptr);

    QMap<QString, QString> parameters() const override;
    QString setParameter(const QString& key, const QString& value) override;
    void resetParameters() override;
    void refresh() override;
    QString resultCsv() const override;

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
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refreshBpe();
    void refreshModel();
    void showBpe(const mllab::BpeLabResult& result);
    void showModel(const mllab::TokenizationResult& result);
    void showStep();
    void updateNotice();
    void updateErrors();
    void syncControls();

    Params m_params;
    mllab::BpeLabResult m_bpe;
    mllab::TokenizationResult m_model;
    bool m_hasBpe = false;
    bool m_hasModel = false;
    QString m_bpeError;
    QString m_modelError;

    QPlainTextEdit* m_text;
    QSpinBox* m_merges;
    QLineEdit* m_probe;
    ModelPicker* m_picker;
    QPlainTextEdit* m_modelText;
    QTimer* m_bpeTimer;
    QTimer* m_modelTimer;

    QTabWidget* m_tabs;
    QSlider* m_slider;
    QLabel* m_stepLabel;
    TokenChips* m_stepChips;
    QTableWidget* m_table;
    QChart* m_countChart;
    QLineSeries* m_countSeries;
    QScatterSeries* m_countMarker;
    QLabel* m_modelStats;
    TokenChips* m_modelChips;
    QChart* m_unitChart;
};
