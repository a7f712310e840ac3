#pragma once
// Dropout and BatchNorm in train() and eval() mode: the training points with the gap in the
// middle, the true curve, the network read in eval() mode and once in train() mode, and the
// Monte-Carlo dropout mean with its ±2σ band; the notice reads the validation error in each mode,
// the band's width on and off the data, and BatchNorm's running statistics against the true
// ones. The pipeline is engine/labs/train_eval.h.

#include "app/labs/LabView.h"
#include "engine/labs/train_eval.h"

class QChart;
class QLabel;

class TrainEvalView : public LabView {
    Q_OBJECT
public:
    explicit TrainEvalView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasResult() const { return m_hasResult; }
    const mllab::labs::TrainEvalLabResult& result() const { return m_result; }

private:
    void showResult(const mllab::labs::TrainEvalLabResult& result);
    void draw();
    void updateNotice();

    mllab::labs::TrainEvalLabResult m_result;
    bool m_hasResult = false;
    QChart* m_chart;
    QLabel* m_key;
};
