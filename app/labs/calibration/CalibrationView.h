#pragma once
// Calibration lab: a real classifier's probabilities on held-out data in a reliability diagram
// (diagonal, accuracy bars, gap bars, confidence histogram) with ECE, MCE, Brier and NLL, before
// and after temperature scaling fitted on a validation split. The long-trained MLP comes out
// overconfident and T > 1 cools it down; binary and multi-class. The pipeline is
// engine/labs/calibration.h.

#include "app/labs/LabView.h"
#include "engine/labs/calibration.h"

class QChart;
class QLabel;
class QTabWidget;

class CalibrationView : public LabView {
    Q_OBJECT
public:
    explicit CalibrationView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::CalibrationLabResult& result() const { return m_result; }
    QString metricsText() const;

protected:
    void csvHeaderRead(const mllab::CsvInfo& header, bool chosen) override;

private:
    void addPage(QChart*& diagram, QChart*& histogram, const QString& id, const QString& name);
    void showResult(const mllab::labs::CalibrationLabResult& result);
    void drawReliability(QChart* diagram, QChart* histogram, const mllab::CalibrationResult& r,
                         const QString& when);
    void drawBinShares(QChart* histogram, const mllab::CalibrationResult& r,
                       const std::vector<double>& edges, const QString& xTitle);
    void updateNotice();
    QString scoredText() const;

    mllab::labs::CalibrationLabResult m_result;
    QLabel* m_metrics;
    QTabWidget* m_tabs;
    QChart* m_beforeChart;
    QChart* m_beforeHist;
    QChart* m_afterChart;
    QChart* m_afterHist;
};
