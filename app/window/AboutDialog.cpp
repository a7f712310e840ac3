#include "app/window/AboutDialog.h"

#include "app/jobs/DeviceCatalog.h"
#include "engine/runtime.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>
#include <QtGlobal>

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("About MLLab"));
    auto* text = new QLabel(versionsHtml());
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->setWordWrap(true);
    // The devices row fills in when discovery (started with the window) finishes.
    connect(&DeviceCatalog::instance(), &DeviceCatalog::ready, text,
            [text] { text->setText(versionsHtml()); });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(buttons);
}

QString AboutDialog::versionsHtml()
{
    const QString blas = QString::fromStdString(mllab::loadedBlasLibrary());
    const DeviceCatalog& catalog = DeviceCatalog::instance();
    QString devices = catalog.isReady() ? QString() : tr("detecting…");
    for (const auto& d : catalog.isReady() ? catalog.devices() : std::vector<mllab::DeviceInfo>{})
        devices += QStringLiteral("%1 (%2)<br>").arg(QString::fromStdString(d.id).toHtmlEscaped(),
                                                     QString::fromStdString(d.name).toHtmlEscaped());
    const auto row = [](const QString& name, const QString& value) {
        return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(name, value);
    };
    return QStringLiteral("<h2>MLLab %1</h2><p>%2</p><table cellspacing=4>")
               .arg(QString::fromStdString(mllab::mllabVersion()),
                    tr("A desktop lab for AI/ML interview study, classroom demonstration and "
                       "hands-on exploration."))
           + row(tr("Qt"), QString::fromLatin1(qVersion()))
           + row(tr("libtorch"), QString::fromStdString(mllab::torchVersion()))
           + row(tr("Eigen"), QString::fromStdString(mllab::eigenVersion()))
           + row(tr("BLAS"), blas.isEmpty() ? tr("not loaded yet") : blas.toHtmlEscaped())
           + row(tr("Compute threads"), QString::number(mllab::computeThreads()))
           + row(tr("Devices"), devices)
           + QStringLiteral("</table>");
}
