#pragma once
// PCA lab: scree plot (explained-variance ratio per component, cumulative line, the 95% mark and
// the elbow), a 2-D projection coloured by class, and the loadings of the first components, for
// the shipped datasets, the metres-versus-millimetres demonstration and the user's own CSV. The
// standardise toggle shows why scale matters.

#include "app/labs/LabView.h"
#include "engine/pca.h"

class QCheckBox;
class QComboBox;
class QChart;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

struct PcaLabParams {
    QString source =
        QStringLiteral("iris"); ///< iris | wine | breast-cancer | units-m | units-mm | csv
    bool standardize = false;
    int componentX = 1; ///< 1-based components on the projection's axes
    int componentY = 2;
    QString csvPath;
    QString classColumn;        ///< empty: no class column (one colour)
    QStringList featureColumns; ///< empty: every column but the class column
};

struct PcaLabResult {
    mllab::PcaResult pca;
    std::vector<int> labels; ///< class per row
    QStringList classNames;
    QString description;
};

PcaLabResult computePcaLab(const PcaLabParams& params, const mllab::Progress& progress);

class PcaView : public LabView {
    Q_OBJECT
public:
    explicit PcaView(JobRunner* jobs, QWidget* parent = nullptr);

    QMap<QString, QString> parameters() const override;
    QString setParameter(const QString& key, const QString& value) override;
    void resetParameters() override;
    void refresh() override;
    QString resultCsv() const override;

    const PcaLabResult& result() const { return m_result; }

private:
    void syncControls();
    void chooseCsvFile();
    void useCsvHeader(const QString& path, const mllab::CsvInfo& info);
    void showResult(const PcaLabResult& result);
    void drawScree();
    void drawProjection();
    void fillLoadings();
    void updateNotice();

    PcaLabParams m_params;
    PcaLabResult m_result;
    QComboBox* m_source;
    QCheckBox* m_standardize;
    QSpinBox* m_componentX;
    QSpinBox* m_componentY;
    QWidget* m_csvBox;
    QPushButton* m_csvButton;
    QComboBox* m_classColumn;
    QListWidget* m_features;
    QTabWidget* m_tabs;
    QChart* m_screeChart;
    QChart* m_projectionChart;
    QTableWidget* m_loadings;
};
