#pragma once
// PCA lab: scree plot (explained-variance ratio per component, cumulative line, the 95% mark and
// the elbow), a 2-D projection coloured by class, and the loadings of the first components, for
// the shipped datasets, the metres-versus-millimetres demonstration and the user's own CSV. The
// standardise toggle shows why scale matters. The pipeline is engine/labs/pca.h.

#include "app/labs/LabView.h"
#include "engine/labs/pca.h"

class QChart;
class QTableWidget;
class QTabWidget;

class PcaView : public LabView {
    Q_OBJECT
public:
    explicit PcaView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::PcaLabResult& result() const { return m_result; }

protected:
    void csvHeaderRead(const mllab::CsvInfo& header, bool chosen) override;

private:
    void showResult(const mllab::labs::PcaLabResult& result);
    void drawScree();
    void drawProjection();
    void fillLoadings();
    void updateNotice();

    mllab::labs::PcaLabResult m_result;
    QTabWidget* m_tabs;
    QChart* m_screeChart;
    QChart* m_projectionChart;
    QTableWidget* m_loadings;
};
