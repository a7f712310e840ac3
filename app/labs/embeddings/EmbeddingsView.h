#pragma once
// Word embeddings: skip-gram (SGNS) and PPMI-SVD vectors of the question bank side by side —
// nearest neighbours and analogy answers as bars of cosine, a PCA projection of chosen words as
// labelled scatters — and the tiny GPT's contextual vectors of one word in two sentences beside
// the static vectors' cosine. Training skip-gram on the bank (source = trained) is its own job
// (runPart) with progress and cancel; the view then shows the fresh vectors. The pipeline is
// engine/labs/embeddings.h.

#include "app/labs/LabView.h"
#include "engine/labs/embeddings.h"

#include <memory>

class QChart;
class QLabel;
class QTabWidget;

class EmbeddingsView : public LabView {
    Q_OBJECT
public:
    explicit EmbeddingsView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasResult() const { return m_hasResult; }
    const mllab::labs::EmbeddingsLabResult& result() const { return m_result; }
    QTabWidget* tabs() const { return m_tabs; }
    QLabel* contextText() const { return m_contextText; }

protected:
    void parameterChanged(const QString& key) override;
    void stateShown() override { updateNotice(); }

private:
    void showResult(const mllab::labs::EmbeddingsLabResult& result);
    void drawBars(QChart* chart, const std::vector<mllab::text::Neighbour>& list,
                  const QString& axisTitle, int colour);
    void drawProjection(QChart* chart, const mllab::labs::EmbeddingsMethod& method, int colour);
    void drawContextual();
    void updateNotice();

    mllab::labs::EmbeddingsLabResult m_result;
    bool m_hasResult = false;
    std::shared_ptr<const mllab::labs::EmbeddingsTraining> m_training;
    QString m_trainedKey, m_trainRequested;

    QTabWidget* m_tabs;
    QChart* m_sgnsNeighbours;
    QChart* m_ppmiNeighbours;
    QChart* m_sgnsAnalogy;
    QChart* m_ppmiAnalogy;
    QChart* m_sgnsProjection;
    QChart* m_ppmiProjection;
    QChart* m_contextual;
    QLabel* m_analogyText;
    QLabel* m_projectionText;
    QLabel* m_contextText;
};
