#pragma once
// The bug zoo: a healthy and a buggy training run from the same initial weights, side by side in
// four charts (loss, accuracy, the distribution of p(true class) per epoch, the size of each
// optimizer step); the notice reads the chosen bug's signature from the live numbers and
// quantifies "loss down, accuracy flat". The pipeline is engine/labs/bug_zoo.h.

#include "app/labs/LabView.h"
#include "engine/labs/bug_zoo.h"

class QChart;
class QLabel;

class BugZooView : public LabView {
    Q_OBJECT
public:
    explicit BugZooView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasResult() const { return m_hasResult; }
    const mllab::labs::BugZooLabResult& result() const { return m_result; }

private:
    void showResult(const mllab::labs::BugZooLabResult& result);
    void drawLoss();
    void drawAccuracy();
    void drawProbabilities();
    void drawSteps();
    void updateNotice();
    QString bugText() const;
    QString flatText() const;

    mllab::labs::BugZooLabResult m_result;
    bool m_hasResult = false;
    QChart* m_loss;
    QChart* m_accuracy;
    QChart* m_probabilities;
    QChart* m_steps;
    QLabel* m_key;
};
