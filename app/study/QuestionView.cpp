#include "app/study/QuestionView.h"

#include "app/charts/Theme.h"
#include "app/labs/LabRegistry.h"
#include "app/study/QuestionBank.h"
#include "app/widgets/RichLabel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace {

QString difficultyText(int difficulty)
{
    switch (difficulty) {
    case 1: return QuestionView::tr("●○○ core");
    case 2: return QuestionView::tr("●●○ experienced");
    default: return QuestionView::tr("●●● senior");
    }
}

QString composeMarkdown(const Question& q, const QuestionBank& bank)
{
    QString md = QStringLiteral("# %1. %2\n\n").arg(q.number).arg(q.title) + q.body;
    if (!q.related.isEmpty()) {
        md += QStringLiteral("\n\n## %1\n\n").arg(QuestionView::tr("Related questions"));
        for (const QString& id : q.related)
            if (const Question* r = bank.find(id))
                md += QStringLiteral("- [%1. %2](question:%3)\n").arg(r->number).arg(r->title, r->id);
    }
    return md;
}

} // namespace

QuestionView::QuestionView(QWidget* parent) : QWidget(parent)
{
    m_header = widgets::richLabel();
    m_previous = new QToolButton;
    m_previous->setText(tr("◀ Previous"));
    m_previous->setToolTip(tr("Previous question (Alt+Left)"));
    m_previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_next = new QToolButton;
    m_next->setText(tr("Next ▶"));
    m_next->setToolTip(tr("Next question (Alt+Right)"));
    m_next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    connect(m_previous, &QToolButton::clicked, this, &QuestionView::previousRequested);
    connect(m_next, &QToolButton::clicked, this, &QuestionView::nextRequested);

    auto* top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_previous);
    top->addWidget(m_next);

    // Links rather than a row of buttons: they wrap, so a question with two long lab titles
    // still fits its column in a 1280-pixel window.
    m_labBar = widgets::richLabel();
    m_labBar->setToolTip(tr("Open the lab beside the question"));
    connect(m_labBar, &QLabel::linkActivated, this, &QuestionView::labRequested);

    m_text = new QTextBrowser;
    m_text->setOpenLinks(false);
    m_text->document()->setDocumentMargin(12);
    connect(m_text, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == QLatin1String("question"))
            Q_EMIT questionRequested(url.path());
        else if (url.scheme() == QLatin1String("lab"))
            Q_EMIT labRequested(url.path());
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_labBar);
    layout->addWidget(m_text, 1);
    m_labBar->hide();
}

void QuestionView::showWelcome(const QString& markdown)
{
    m_id.clear();
    m_header->setText(QString());
    m_labBar->hide();
    m_text->setMarkdown(markdown);
    styleDocument();
}

void QuestionView::showQuestion(const Question& q, const QuestionBank& bank, const QStringList& highlight)
{
    m_id = q.id;
    m_header->setText(QStringLiteral("<b>%1</b> &nbsp;·&nbsp; %2 &nbsp;·&nbsp; <i>%3</i>")
                          .arg(q.section.toHtmlEscaped(), difficultyText(q.difficulty),
                               q.tags.join(QStringLiteral(", ")).toHtmlEscaped()));
    m_labIds.clear();
    QStringList links;
    for (const QString& labId : q.labs) {
        const LabInfo* lab = LabRegistry::find(labId);
        if (!lab)
            continue; // planned but not built yet: no link
        m_labIds << labId;
        links << QStringLiteral("<a href=\"%1\">%2</a>")
                     .arg(labId, lab->title.section(QLatin1Char(':'), 0, 0).toHtmlEscaped());
    }
    m_labBar->setText(tr("Open in a lab: %1").arg(links.join(QStringLiteral(" &nbsp;·&nbsp; "))));
    m_labBar->setVisible(!links.isEmpty());
    const int index = bank.indexOf(q.id);
    m_previous->setEnabled(index > 0);
    m_next->setEnabled(index >= 0 && index + 1 < bank.questions().size());

    m_markdown = composeMarkdown(q, bank);
    m_text->setMarkdown(m_markdown);
    styleDocument();
    m_highlight = highlight;
    applyHighlight();
}

QStringList QuestionView::labButtons() const
{
    return m_labIds;
}

void QuestionView::setHighlight(const QStringList& words)
{
    if (words == m_highlight || m_id.isEmpty())
        return;
    m_highlight = words;
    m_text->setMarkdown(m_markdown);
    styleDocument();
    applyHighlight();
}

void QuestionView::styleDocument()
{
    QTextDocument* doc = m_text->document();
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        if (!format.hasProperty(QTextFormat::BlockCodeFence) && !format.nonBreakableLines())
            continue;
        format.setBackground(theme::surface(0.05));
        format.setLeftMargin(8);
        QTextCursor cursor(block);
        cursor.setBlockFormat(format);
        cursor.select(QTextCursor::BlockUnderCursor);
        QTextCharFormat chars;
        chars.setFont(fixed);
        cursor.mergeCharFormat(chars);
    }
    for (QTextFrame* frame : doc->rootFrame()->childFrames()) {
        auto* table = qobject_cast<QTextTable*>(frame);
        if (!table)
            continue;
        QTextTableFormat format = table->format();
        format.setBorder(1);
        format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        format.setBorderBrush(theme::border());
        format.setCellPadding(4);
        format.setCellSpacing(0);
        table->setFormat(format);
        for (int c = 0; c < table->columns(); ++c) {
            QTextTableCell cell = table->cellAt(0, c);
            QTextCharFormat header = cell.format();
            header.setBackground(theme::surface(0.08));
            cell.setFormat(header);
        }
    }
}

void QuestionView::applyHighlight()
{
    QTextDocument* doc = m_text->document();
    QTextCharFormat mark;
    mark.setBackground(theme::highlight());
    mark.setForeground(theme::textOn(theme::highlight()));
    for (const QString& word : std::as_const(m_highlight)) {
        QTextCursor cursor(doc);
        while (true) {
            cursor = doc->find(word, cursor);
            if (cursor.isNull())
                break;
            cursor.mergeCharFormat(mark);
        }
    }
}
