#pragma once
// A pinned result: a copy of what a lab's charts draw at one moment, drawn again muted and
// dashed beside every newer result, with the key numbers it had, so two settings can be compared
// in any lab. A custom-painted chart takes part by offering two invokable methods,
// `QVariant pinSnapshot() const` and `void showPinned(const QVariant&)` (an invalid QVariant
// clears); bars, and painted charts without them, are compared through the numbers only.

#include "engine/labs/params.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QVariant>

class QChart;
class QWidget;

/// One number a lab's notice leads with, as shown ("AUC", "0.857").
struct KeyNumber {
    QString label;
    QString text;
};

class PinnedResult {
public:
    /// Copies the line and scatter series of every chart below `root`.
    void capture(QWidget* root, const mllab::labs::LabState& state,
                 const QList<KeyNumber>& numbers);
    /// Draws the copies into the charts below `root` (replacing earlier copies).
    void overlay(QWidget* root) const;
    /// Removes the copies from the charts below `root`.
    static void removeCopies(QWidget* root);

    const mllab::labs::LabState& state() const { return m_state; }
    /// "Pinned (imbalance 1 → 19): AUC 0.857 → 0.861 · AP 0.855 → 0.412", in rich text.
    QString comparison(const mllab::labs::LabSpec& spec, const mllab::labs::LabState& now,
                       const QList<KeyNumber>& numbers) const;

private:
    struct SeriesCopy {
        QString name;
        int index = 0; ///< among the chart's line and scatter series
        bool scatter = false;
        QList<QPointF> points;
        QColor colour;
    };
    struct ChartCopy {
        QString chart; ///< charts::chartId
        QList<SeriesCopy> series;
        QVariant painted; ///< a custom-painted chart's own snapshot (its pinSnapshot())
    };
    static void overlayChart(QChart* chart, const ChartCopy& copy);

    mllab::labs::LabState m_state;
    QList<KeyNumber> m_numbers;
    QList<ChartCopy> m_charts;
};
