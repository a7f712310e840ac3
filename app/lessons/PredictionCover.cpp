#include "app/lessons/PredictionCover.h"

#include "app/charts/Theme.h"
#include "app/widgets/RichLabel.h"

#include <QButtonGroup>
#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

PredictionCover::PredictionCover(QWidget* covered) : QWidget(covered)
{
    setAutoFillBackground(false);
    m_question = widgets::richLabel();
    m_question->setAlignment(Qt::AlignCenter);
    m_group = new QButtonGroup(this);
    m_group->setExclusive(true);
    connect(m_group, &QButtonGroup::idClicked, this, &PredictionCover::chosen);
    m_choices = new QVBoxLayout;
    m_choices->setSpacing(10);
    m_reveal = new QPushButton(tr("Reveal  (Space)"));
    m_reveal->setEnabled(false);
    connect(m_reveal, &QPushButton::clicked, this, &PredictionCover::revealRequested);
    m_hint = new QLabel(tr("Take the class's answer (keys 1–4 or a click), then reveal the lab."));
    m_hint->setAlignment(Qt::AlignCenter);
    theme::setSecondary(m_hint);

    auto* card = new QVBoxLayout;
    card->addStretch(1);
    card->addWidget(m_question);
    card->addSpacing(18);
    card->addLayout(m_choices);
    card->addSpacing(18);
    card->addWidget(m_reveal, 0, Qt::AlignHCenter);
    card->addWidget(m_hint);
    card->addStretch(2);
    auto* layout = new QHBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(card, 8);
    layout->addStretch(1);

    covered->installEventFilter(this);
    setGeometry(covered->rect());
    applyFonts();
    raise();
}

void PredictionCover::setTextScale(double factor)
{
    m_scale = factor;
    applyFonts();
}

void PredictionCover::applyFonts()
{
    const auto sized = [this](double factor, bool bold) {
        QFont font = QWidget::font();
        font.setPointSizeF(font.pointSizeF() * factor * m_scale);
        font.setBold(bold);
        return font;
    };
    m_question->setFont(sized(1.6, true));
    for (QLabel* text : std::as_const(m_choiceTexts)) {
        text->setFont(sized(1.35, false));
        if (auto* button = text->parentWidget())
            button->setMinimumHeight(QFontMetrics(text->font()).height() * 2);
    }
    m_reveal->setFont(sized(1.15, false));
    m_hint->setFont(sized(1.0, false));
}

void PredictionCover::ask(const QString& question, const QStringList& choices)
{
    m_question->setText(question.toHtmlEscaped());
    for (QAbstractButton* b : m_group->buttons()) {
        m_group->removeButton(b);
        delete b;
    }
    m_choiceTexts.clear();
    for (int i = 0; i < choices.size(); ++i) {
        // A label inside the button: a long answer wraps instead of running out of it.
        auto* button = new QPushButton;
        button->setCheckable(true);
        auto* text = widgets::richLabel(
            QStringLiteral("<b>%1</b>&nbsp;&nbsp; %2").arg(i + 1).arg(choices[i].toHtmlEscaped()));
        m_choiceTexts << text;
        text->setAttribute(Qt::WA_TransparentForMouseEvents);
        auto* inside = new QHBoxLayout(button);
        inside->setContentsMargins(14, 8, 14, 8);
        inside->addWidget(text);
        button->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::MinimumExpanding);
        m_group->addButton(button, i);
        m_choices->addWidget(button);
    }
    applyFonts();
    m_reveal->setEnabled(false);
    setGeometry(parentWidget()->rect());
    raise();
    show();
}

void PredictionCover::setChosen(int choice)
{
    if (QAbstractButton* b = m_group->button(choice))
        b->setChecked(true);
    m_reveal->setEnabled(choice >= 0);
}

bool PredictionCover::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

void PredictionCover::paintEvent(QPaintEvent*)
{
    // Opaque: nothing of the result may show through before the reveal.
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
}
