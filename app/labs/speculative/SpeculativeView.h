#pragma once
// Speculative decoding: the generated tokens coloured by what the target did with the draft's
// proposals (accepted, rejected and struck through, corrected, bonus), the measured acceptance
// rate against the expected tokens per target pass, the speed-up over plain decoding timed in
// the same job, and a sweep of gamma = 1..8 (its own job, rerun only when the prompt, the
// temperature, the length or the seed change). The pipeline is engine/labs/speculative.h.

#include "app/labs/LabView.h"
#include "engine/labs/speculative.h"

class QChart;
class QLabel;
class TokenChips;

class SpeculativeView : public LabView {
    Q_OBJECT
public:
    explicit SpeculativeView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::SpeculativeLabResult& result() const { return m_result; }
    const mllab::labs::SpeculativeSweepResult& sweep() const { return m_sweep; }
    bool hasSweep() const { return m_hasSweep; }
    TokenChips* chips() const { return m_chips; }

private:
    void showResult(const mllab::labs::SpeculativeLabResult& result);
    void startSweep(const mllab::labs::SpeculativeLabParams& params);
    void showSweep(const mllab::labs::SpeculativeSweepResult& sweep);
    void drawTokens();
    void drawSweep();
    void updateNotice();

    mllab::labs::SpeculativeLabResult m_result;
    mllab::labs::SpeculativeSweepResult m_sweep;
    bool m_hasResult = false;
    bool m_hasSweep = false;
    QString m_sweepRequested;
    TokenChips* m_chips;
    QLabel* m_tokenKey;
    QLabel* m_numbers;
    QChart* m_speedup;
    QChart* m_perPass;
    QLabel* m_speedupKey;
    QLabel* m_perPassKey;
};
