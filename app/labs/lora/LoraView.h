#pragma once
// LoRA against full fine-tuning of the tiny GPT on a second text: a table of trainable
// parameters, AdamW memory and losses for both; the validation loss per step on the new text and
// on the question bank (what each run forgets); the singular values of one matrix's update
// (full ΔW against LoRA's (α/r)·B·A) on a log axis; the notice reads the numbers and the merge
// check. The pipeline is engine/labs/lora.h.

#include "app/labs/LabView.h"
#include "engine/labs/lora.h"

class QChart;
class QLabel;
class QTableWidget;

class LoraView : public LabView {
    Q_OBJECT
public:
    explicit LoraView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasResult() const { return m_hasResult; }
    const mllab::labs::LoraLabResult& result() const { return m_result; }

private:
    void showResult(const mllab::labs::LoraLabResult& result);
    void drawLosses();
    void drawSingularValues();
    void fillTable();
    void updateNotice();

    mllab::labs::LoraLabResult m_result;
    bool m_hasResult = false;
    QTableWidget* m_table;
    QChart* m_lossChart;
    QLabel* m_lossKey;
    QChart* m_svdChart;
    QLabel* m_svdKey;
};
