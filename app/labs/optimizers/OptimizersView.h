#pragma once
// The optimizer race: six torch.optim optimizers from one start on a 2-D surface, their
// trajectories over the contours (click to move the start), the loss per step on a log axis, and
// on the quadratic the stability limit and predicted against measured rates in the notice. The
// pipeline is engine/labs/optimizers.h.

#include "app/labs/LabView.h"
#include "engine/labs/optimizers.h"

class QChart;
class QLabel;
class QTabWidget;
class SurfaceCanvas;

class OptimizersView : public LabView {
    Q_OBJECT
public:
    explicit OptimizersView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::OptimizersLabResult& result() const { return m_result; }
    SurfaceCanvas* canvas() const { return m_canvas; }

private:
    void showResult(const mllab::labs::OptimizersLabResult& result);
    void drawLoss();
    void updateNotice();
    QString racerName(const std::string& id) const;

    mllab::labs::OptimizersLabResult m_result;
    QTabWidget* m_tabs;
    SurfaceCanvas* m_canvas;
    QLabel* m_key;
    QLabel* m_lossKey;
    QChart* m_loss;
};
