#pragma once
// Demonstration lab: the running Monte Carlo estimate of pi with its ±2 standard-error band.
// Small, but it exercises the whole path: state -> JobRunner -> engine -> Result -> chart.

#include "app/labs/LabView.h"
#include "engine/montecarlo.h"

class QChart;
class QChartView;

class MonteCarloView : public LabView {
    Q_OBJECT
public:
    explicit MonteCarloView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::MonteCarloResult& result() const { return m_result; }

private:
    void showResult(const mllab::MonteCarloResult& result);

    mllab::MonteCarloResult m_result;
    QChart* m_chart;
    QChartView* m_chartView;
};
