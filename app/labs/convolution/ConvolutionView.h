#pragma once
// Convolutions and 1x1 convolutions. Tab "Convolution": the input, the kernel (its numbers in
// the cells) and conv2d's output side by side; the output-size formula with the numbers filled
// in; the receptive field and size of a stack of such layers (a table and a chart); parameters
// and multiply-adds of the layer against a dense layer on the same input. Tab "1x1 and a CNN":
// a 1x1-reduce-then-3x3 block against a direct 3x3, and a small CNN trained on the digits as its
// own job (accuracy and loss per epoch, its first-layer filters and what they make of the chosen
// digit). The pipeline is engine/labs/convolution.h.

#include "app/labs/LabView.h"
#include "engine/labs/convolution.h"

class ImageGrid;
class QChart;
class QLabel;
class QTabWidget;
class QTableWidget;

class ConvolutionView : public LabView {
    Q_OBJECT
public:
    explicit ConvolutionView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasResult() const { return m_hasResult; }
    const mllab::labs::ConvolutionLabResult& result() const { return m_result; }
    bool hasCnn() const { return m_hasCnn; }
    const mllab::labs::ConvolutionCnnResult& cnn() const { return m_cnn; }

Q_SIGNALS:
    void cnnShown(); ///< a trained CNN was drawn

protected:
    void parameterChanged(const QString& key) override;

private:
    void showResult(const mllab::labs::ConvolutionLabResult& result);
    void showCnn(const mllab::labs::ConvolutionCnnResult& result);
    void startCnn();
    void drawConvolution();
    void drawStack();
    void drawCounts();
    void drawCnn();
    void updateNotice();

    mllab::labs::ConvolutionLabResult m_result;
    mllab::labs::ConvolutionCnnResult m_cnn;
    bool m_hasResult = false;
    bool m_hasCnn = false;
    bool m_cnnRunning = false;
    QString m_cnnKey; ///< the settings the shown (or running) CNN was trained with

    QTabWidget* m_tabs;
    ImageGrid* m_images;
    QLabel* m_formula;
    QTableWidget* m_stackTable;
    QChart* m_stackChart;
    QTableWidget* m_countTable;
    QTableWidget* m_bottleneckTable;
    QLabel* m_bottleneckNote;
    QLabel* m_cnnStatus;
    QChart* m_accuracyChart;
    QChart* m_lossChart;
    ImageGrid* m_kernels;
    ImageGrid* m_maps;
};
