#pragma once
// Regularization lab: the L1 / L2 / elastic-net constraint geometry for two weights (the L1
// optimum snaps onto an axis as the budget t shrinks), lasso and ridge coefficient paths on the
// diabetes data against log10(alpha) with the non-zero count and validation error, and a note on
// weight decay versus L2 under Adam and AdamW.

#include "app/labs/LabView.h"
#include "engine/regularization.h"

class ConstraintGeometryCanvas;
class QChart;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;
class QSpinBox;
class QTabWidget;
class QTextBrowser;

class RegularizationView : public LabView {
    Q_OBJECT
public:
    struct Settings {
        double budget = 1.0;          ///< t
        double l1Ratio = 0.5;         ///< r of the elastic-net region
        QString loss = QStringLiteral("manual");  ///< "manual" or two diabetes columns "a,b"
        double correlation = 0.5;     ///< ρ (manual loss)
        double centreX = 1.5, centreY = 0.6;  ///< ŵ (manual loss)
        QString penalty = QStringLiteral("lasso");  ///< paths: "lasso" or "ridge"
        double validation = 0.25;     ///< held-out fraction of the diabetes rows
        double alpha = 1.0;           ///< the alpha read out on the paths (no recompute)
        int seed = 0;
    };

    explicit RegularizationView(JobRunner* jobs, QWidget* parent = nullptr);

    QMap<QString, QString> parameters() const override;
    QString setParameter(const QString& key, const QString& value) override;
    void resetParameters() override;
    void refresh() override;
    QString resultCsv() const override;

    const Settings& settings() const { return m_settings; }
    mllab::ConstrainedOptimumParams geometryParams() const;
    mllab::RegressionData diabetes(const std::vector<std::string>& features = {}) const;
    const mllab::ConstrainedOptimumResult& geometry() const { return m_geometry; }
    const mllab::RegularizationPathResult& path() const { return m_path; }
    int selectedAlphaIndex() const { return m_alphaIndex; }
    QTabWidget* tabs() const { return m_tabs; }
    QTextBrowser* note() const { return m_note; }

Q_SIGNALS:
    void questionRequested(const QString& questionId);

private:
    void buildControls();
    void buildPages();
    void syncControls();
    void controlChanged();
    void alphaSliderMoved(int index);
    void showGeometry(const mllab::ConstrainedOptimumResult& result);
    void showPath(const mllab::RegularizationPathResult& result);
    void drawPaths();
    void updateReadout();
    void updateNotice();
    void openQuestion(const QString& id);

    Settings m_settings;
    std::string m_diabetesCsv;
    mllab::ConstrainedOptimumResult m_geometry;
    mllab::RegularizationPathResult m_path;
    int m_alphaIndex = 0;
    QString m_pathRequested;  ///< inputs of the last path job

    QSlider* m_budget;
    QLabel* m_budgetValue;
    QSlider* m_ratio;
    QLabel* m_ratioValue;
    QComboBox* m_loss;
    QSlider* m_correlation;
    QLabel* m_correlationValue;
    QDoubleSpinBox* m_centreX;
    QDoubleSpinBox* m_centreY;
    QComboBox* m_penalty;
    QSpinBox* m_validation;
    QSlider* m_alpha;
    QLabel* m_alphaValue;
    QSpinBox* m_seed;

    QTabWidget* m_tabs;
    ConstraintGeometryCanvas* m_canvas;
    QLabel* m_readout;
    QChart* m_coefChart;
    QChart* m_errorChart;
    QTextBrowser* m_note;
};
