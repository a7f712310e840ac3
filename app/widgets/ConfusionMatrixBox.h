#pragma once
// A binary classifier's confusion matrix at one threshold, with the metrics read off it:
// TP and TN tinted as right, FN and FP as wrong (pale, so the counts stay the eye's target),
// then precision, recall, F1, F-β, accuracy and MCC. Follows the palette.

#include "engine/metrics.h"

#include <QGroupBox>

class QLabel;

class ConfusionMatrixBox : public QGroupBox {
    Q_OBJECT
public:
    explicit ConfusionMatrixBox(const QString& title, QWidget* parent = nullptr);

    void showMetrics(const mllab::ThresholdMetrics& metrics);
    /// "TP 1 FN 2 FP 3 TN 4" as shown.
    QString countsText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void styleCells();

    QLabel* m_cells[4];        ///< TP, FN, FP, TN
    QLabel* m_metricValues[6]; ///< precision, recall, F1, F-β, accuracy, MCC
};
