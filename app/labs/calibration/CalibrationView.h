#pragma once
// Calibration lab: a real classifier's probabilities on held-out data in a reliability diagram
// (diagonal, accuracy bars, gap bars, confidence histogram) with ECE, MCE, Brier and NLL, before
// and after temperature scaling fitted on a validation split. The long-trained MLP comes out
// overconfident and T > 1 cools it down; binary and multi-class.

#include "app/labs/LabView.h"
#include "engine/calibration.h"

class QComboBox;
class QChart;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimer;

struct CalibrationLabParams {
    QString source =
        QStringLiteral("multiclass");      ///< multiclass | binary | wine | breast-cancer | csv
    QString model = QStringLiteral("mlp"); ///< mlp | logistic
    int epochs = 300;                      ///< full-batch training steps
    int bins = 10;
    mllab::BinStrategy strategy = mllab::BinStrategy::Uniform;
    int seed = 0;
    QString csvPath; ///< source csv: predicted probability of class 1 and a 0/1 label
    QString probColumn = QStringLiteral("prob");
    QString labelColumn = QStringLiteral("label");
};

struct CalibrationLabResult {
    std::size_t classes = 2;            ///< classes of the problem
    double temperature = 1;             ///< fitted on the validation rows
    mllab::CalibrationResult before;    ///< test rows at T = 1
    mllab::CalibrationResult after;     ///< test rows at the fitted T
    double nllBefore = 0, nllAfter = 0; ///< exact mean NLL on the test rows
    double testAccuracy = 0;
    std::size_t validationRows = 0, testRows = 0;
    QString description;
};

CalibrationLabResult computeCalibrationLab(const CalibrationLabParams& params,
                                           const mllab::Progress& progress);

class CalibrationView : public LabView {
    Q_OBJECT
public:
    explicit CalibrationView(JobRunner* jobs, QWidget* parent = nullptr);

    QMap<QString, QString> parameters() const override;
    QString setParameter(const QString& key, const QString& value) override;
    void resetParameters() override;
    void refresh() override;
    QString resultCsv() const override;

    const CalibrationLabResult& result() const { return m_result; }
    QString metricsText() const;

private:
    void syncControls();
    void chooseCsvFile();
    void showResult(const CalibrationLabResult& result);
    void drawReliability(QChart* diagram, QChart* histogram, const mllab::CalibrationResult& r,
                         const QString& when);

    CalibrationLabParams m_params;
    CalibrationLabResult m_result;
    QComboBox* m_source;
    QComboBox* m_model;
    QSpinBox* m_epochs;
    QSpinBox* m_bins;
    QComboBox* m_strategy;
    QSpinBox* m_seed;
    QWidget* m_csvBox;
    QPushButton* m_csvButton;
    QComboBox* m_probColumn;
    QComboBox* m_labelColumn;
    QLabel* m_metrics;
    QTimer* m_debounce;
    QTabWidget* m_tabs;
    QChart* m_beforeChart;
    QChart* m_beforeHist;
    QChart* m_afterChart;
    QChart* m_afterHist;
};
