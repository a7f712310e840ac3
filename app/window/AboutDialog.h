#pragma once
// Help > About: what MLLab is and the versions of everything it computes with.

#include <QDialog>

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    /// The versions table as HTML (also used by tests).
    static QString versionsHtml();
};
