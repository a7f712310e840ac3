#pragma once
// Regularization lab: the L1 / L2 / elastic-net constraint geometry for two weights (the L1
// optimum snaps onto an axis as the budget t shrinks), lasso and ridge coefficient paths on the
// diabetes data against log10(alpha) with the non-zero count and validation error, and a note on
// weight decay versus L2 under Adam and AdamW. The pipeline is engine/labs/regularization.h;
// reading the path at another alpha only redraws.

#include "app/labs/LabView.h"
#include "engine/labs/regularization.h"

class AlphaSlider;
class ConstraintGeometryCanvas;
class QChart;
class QLabel;
class QTabWidget;
class QTextBrowser;

class RegularizationView : public LabView {
    Q_OBJECT
public:
    explicit RegularizationView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::RegularizationLabResult& result() const { return m_result; }
    const mllab::ConstrainedOptimumResult& geometry() const { return m_result.geometry; }
    const mllab::RegularizationPathResult& path() const { return m_result.path; }
    int selectedAlphaIndex() const { return int(m_result.alphaIndex); }
    QTabWidget* tabs() const { return m_tabs; }
    QTextBrowser* note() const { return m_note; }

Q_SIGNALS:
    void questionRequested(const QString& questionId);

protected:
    void parameterChanged(const QString& key) override;
    void stateShown() override;

private:
    void buildPages();
    QTextBrowser* buildNote();
    void openQuestion(const QString& id);
    void showResult(const mllab::labs::RegularizationLabResult& result);
    void showDataLoss();
    void readAlpha();
    void drawPaths();
    void drawCoefficients(double chosen);
    void drawErrors(double chosen);
    void updateReadout();
    void updateNotice();
    QString geometryNotice() const;
    QString pathNotice() const;

    mllab::labs::RegularizationLabResult m_result;
    bool m_hasResult = false;

    AlphaSlider* m_alpha;
    QTabWidget* m_tabs;
    ConstraintGeometryCanvas* m_canvas;
    QLabel* m_readout;
    QChart* m_coefChart;
    QChart* m_errorChart;
    QTextBrowser* m_note;
};
