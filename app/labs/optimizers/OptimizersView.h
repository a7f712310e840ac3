#pragma once
// The optimizer race: six torch.optim optimizers from one start on a 2-D surface, their
// trajectories over the contours (click to move the start), the loss per step on a log axis, and
// on the quadratic the stability limit and predicted against measured rates in the notice; and
// the same optimizers training a real network, with the loss plane of a chosen one's path. The
// pipelines are engine/labs/optimizers.h and optimizer_network.h (its own job, run only while its
// tab is shown and its inputs changed).

#include "app/labs/LabView.h"
#include "app/labs/optimizers/SurfaceShading.h"
#include "engine/labs/optimizer_network.h"
#include "engine/labs/optimizers.h"

class QChart;
class QLabel;
class LandscapeCanvas;
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
    const mllab::labs::NetworkRaceResult& network() const { return m_network; }
    LandscapeCanvas* landscape() const { return m_landscape; }

protected:
    void parameterChanged(const QString& key) override;
    void stateShown() override;

private:
    QWidget* makeNetworkTab();
    void runNetwork(const mllab::labs::OptimizersLabParams& params);
    void showNetwork(const mllab::labs::NetworkRaceResult& result);
    void drawNetworkLoss();
    void drawLandscape();
    QString networkNotice() const;
    bool showingNetwork() const;
    void showResult(const mllab::labs::OptimizersLabResult& result,
                    const surfaceshading::Shaded& surface);
    void reshadeSurface();
    void drawLoss();
    void updateNotice();
    QString racerName(const std::string& id) const;

    mllab::labs::OptimizersLabResult m_result;
    QTabWidget* m_tabs;
    SurfaceCanvas* m_canvas;
    QLabel* m_key;
    QLabel* m_lossKey;
    QChart* m_loss;
    mllab::labs::NetworkRaceResult m_network;
    QString m_networkRequested; ///< the inputs of the network job asked for last
    QChart* m_networkLoss;
    QLabel* m_networkKey;
    LandscapeCanvas* m_landscape;
};
