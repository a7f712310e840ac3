#pragma once
// Demonstration lab: the running Monte Carlo estimate of pi with its ±2 standard-error band.
// Small, but it exercises the whole path: Params -> JobRunner -> engine -> Result -> chart.

#include "app/views/LabView.h"
#include "engine/montecarlo.h"

class QComboBox;
class QSpinBox;
class QChart;
class QChartView;

class MonteCarloView : public LabView {
    Q_OBJECT
public:
    explicit MonteCarloView(JobRunner* jobs, QWidget* parent = nullptr);

    QMap<QString, QString> parameters() const override;
    QString setParameter(const QString& key, const QString& value) override;
    void resetParameters() override;
    void refresh() override;
    QString resultCsv() const override;

    const mllab::MonteCarloResult& result() const { return m_result; }

private:
    void showResult(const mllab::MonteCarloResult& result);
    void syncControls();

    mllab::MonteCarloParams m_params;
    mllab::MonteCarloResult m_result;
    QComboBox* m_samples;
    QSpinBox* m_seed;
    QChart* m_chart;
    QChartView* m_chartView;
};
