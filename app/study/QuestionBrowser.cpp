#include "app/study/QuestionBrowser.h"

#include "app/study/QuestionBank.h"
#include "engine/text/retrieval.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
constexpr int kIdRole = Qt::UserRole + 1;

QString difficultyDots(int difficulty)
{
    return QString(difficulty, QChar(0x25CF)) + QString(3 - difficulty, QChar(0x25CB));
}
} // namespace

QuestionBrowser::QuestionBrowser(QWidget* parent) : QWidget(parent)
{
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    m_byMeaning = new QCheckBox(tr("By meaning"));
    m_byMeaning->setObjectName(QStringLiteral("searchByMeaning"));
    m_byMeaning->setToolTip(
        tr("Rank questions by what the text means, not only by the words it shares with them: "
           "BM25 and word vectors trained on the bank, fused by reciprocal rank (the retrieval "
           "lab's hybrid retriever)"));

    m_section = new QComboBox;
    m_difficulty = new QComboBox;
    m_difficulty->addItem(tr("Any difficulty"), 0);
    m_difficulty->addItem(tr("● Core"), 1);
    m_difficulty->addItem(tr("●● Experienced"), 2);
    m_difficulty->addItem(tr("●●● Senior"), 3);
    m_tag = new QComboBox;
    m_hasLab = new QCheckBox(tr("Has a lab"));
    for (QComboBox* box : {m_section, m_difficulty, m_tag}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(8);
    }
    m_study = new QComboBox;
    m_study->setObjectName(QStringLiteral("studyFilter"));
    m_study->addItem(tr("All questions"), int(StudyFilter::All));
    m_study->addItem(tr("★ Bookmarked"), int(StudyFilter::Bookmarked));
    m_study->addItem(tr("Due for review"), int(StudyFilter::Due));
    m_study->setToolTip(tr("Show only bookmarked questions, or those whose review is due"));

    m_tree = new QTreeWidget;
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->installEventFilter(this);
    m_count = new QLabel;

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_difficulty, 1);
    filters->addWidget(m_hasLab);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_byMeaning);
    layout->addLayout(searchRow);
    layout->addWidget(m_section);
    layout->addLayout(filters);
    layout->addWidget(m_tag);
    layout->addWidget(m_study);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_count);

    connect(m_search, &QLineEdit::textChanged, this, [this] {
        rebuild();
        Q_EMIT searchWordsChanged(searchWords());
    });
    for (QComboBox* box : {m_section, m_difficulty, m_tag, m_study})
        connect(box, &QComboBox::currentIndexChanged, this, &QuestionBrowser::rebuild);
    connect(m_hasLab, &QCheckBox::toggled, this, &QuestionBrowser::rebuild);
    connect(m_byMeaning, &QCheckBox::toggled, this, [this](bool on) {
        rebuild();
        Q_EMIT searchByMeaningToggled(on);
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item && !item->data(0, kIdRole).toString().isEmpty())
            Q_EMIT questionSelected(item->data(0, kIdRole).toString());
    });
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        if (item && !item->data(0, kIdRole).toString().isEmpty())
            Q_EMIT questionOpened(item->data(0, kIdRole).toString());
    });
}

void QuestionBrowser::setBank(const QuestionBank* bank)
{
    m_bank = bank;
    fillFilters();
    rebuild();
}

void QuestionBrowser::fillFilters()
{
    const QSignalBlocker blockSection(m_section);
    const QSignalBlocker blockTag(m_tag);
    m_section->clear();
    m_section->addItem(tr("All sections"), QString());
    m_tag->clear();
    m_tag->addItem(tr("Any tag"), QString());
    if (!m_bank)
        return;
    for (const auto& [name, count] : m_bank->sectionCounts())
        m_section->addItem(QStringLiteral("%1 (%2)").arg(name).arg(count), name);
    for (const QString& tag : m_bank->allTags())
        m_tag->addItem(tag, tag);
}

QTreeWidgetItem* QuestionBrowser::itemFor(int index, const QString& scoreText) const
{
    const Question& q = m_bank->questions()[index];
    const QString mark = m_bookmarked.contains(q.id) ? QStringLiteral("★ ") : QString();
    auto* item =
        new QTreeWidgetItem({QStringLiteral("%1%2. %3").arg(mark).arg(q.number).arg(q.title)});
    item->setData(0, kIdRole, q.id);
    QString tip = QStringLiteral("%1\n%2 · %3").arg(q.section, difficultyDots(q.difficulty), q.tags.join(QStringLiteral(", ")));
    if (!scoreText.isEmpty())
        tip += QStringLiteral("\n") + scoreText;
    item->setToolTip(0, tip);
    return item;
}

void QuestionBrowser::rebuild()
{
    const QString previous = currentId();
    const QSignalBlocker block(m_tree);
    m_tree->clear();
    if (!m_bank)
        return;
    QList<SearchHit> hits = m_bank->search(m_search->text(), currentFilter());
    hits.removeIf([&](const SearchHit& h) { return !passesStudyFilter(h.index); });

    QList<double> meaningScores;
    const QList<int> byMeaning = meaningRanking(&meaningScores);
    if (!byMeaning.isEmpty()) {
        for (int i = 0; i < byMeaning.size(); ++i)
            m_tree->addTopLevelItem(
                itemFor(byMeaning[i],
                        tr("relevance %1 (fused rank score)").arg(meaningScores[i], 0, 'f', 4)));
    } else if (!searchWords().isEmpty()) {
        for (const SearchHit& hit : hits)
            m_tree->addTopLevelItem(itemFor(hit.index, tr("match score %1").arg(hit.score)));
    } else {
        QHash<QString, QTreeWidgetItem*> sections;
        for (const auto& [name, total] : m_bank->sectionCounts()) {
            auto* section = new QTreeWidgetItem;
            QFont bold = section->font(0);
            bold.setBold(true);
            section->setFont(0, bold);
            section->setFlags(Qt::ItemIsEnabled);
            section->setData(0, Qt::UserRole, name);
            sections.insert(name, section);
            m_tree->addTopLevelItem(section);
        }
        for (const SearchHit& hit : hits)
            sections.value(m_bank->questions()[hit.index].section)
                ->addChild(itemFor(hit.index, QString()));
        for (auto* section : std::as_const(sections)) {
            section->setText(0, QStringLiteral("%1 (%2)").arg(section->data(0, Qt::UserRole).toString()).arg(section->childCount()));
            section->setHidden(section->childCount() == 0);
            section->setExpanded(true);
        }
    }
    const int shown = byMeaning.isEmpty() ? int(hits.size()) : int(byMeaning.size());
    QString count = tr("%n question(s) shown", nullptr, shown);
    if (m_byMeaning->isChecked() && !searchWords().isEmpty()) {
        if (!m_meaningProblem.isEmpty())
            count += QStringLiteral(" · ") + tr("by words: search by meaning is unavailable");
        else if (!m_meaning)
            count += QStringLiteral(" · ") + tr("by words while the search by meaning loads");
        else if (byMeaning.isEmpty())
            count +=
                QStringLiteral(" · ") + tr("by words: no word of the text is known by meaning");
        else
            count += QStringLiteral(" · ") + tr("ranked by meaning");
    }
    m_count->setText(count);
    m_count->setToolTip(m_meaningProblem);
    if (!previous.isEmpty())
        selectQuestion(previous);
}

QuestionFilter QuestionBrowser::currentFilter() const
{
    QuestionFilter filter;
    filter.section = m_section->currentData().toString();
    filter.difficulty = m_difficulty->currentData().toInt();
    filter.tag = m_tag->currentData().toString();
    filter.hasLab = m_hasLab->isChecked();
    return filter;
}

bool QuestionBrowser::passesStudyFilter(int index) const
{
    const auto study = StudyFilter(m_study->currentData().toInt());
    if (study == StudyFilter::All)
        return true;
    const QSet<QString>& keep = study == StudyFilter::Bookmarked ? m_bookmarked : m_due;
    return keep.contains(m_bank->questions()[index].id);
}

QList<int> QuestionBrowser::meaningRanking(QList<double>* scores) const
{
    if (!m_byMeaning->isChecked() || !m_meaning || searchWords().isEmpty())
        return {};
    QSet<int> allowed; // the same filters as the word search
    for (const SearchHit& hit : m_bank->search(QString(), currentFilter()))
        allowed.insert(hit.index);
    QList<int> ranked;
    const int all = int(m_bank->questions().size());
    for (const auto& hit : m_meaning->rank(m_search->text().toStdString(), all)) {
        const int index = m_bank->indexOf(QString::fromStdString(hit.questionId));
        if (index < 0 || !allowed.contains(index) || !passesStudyFilter(index))
            continue;
        ranked.append(index);
        scores->append(hit.score);
    }
    return ranked;
}

void QuestionBrowser::setMeaningSearch(std::shared_ptr<const mllab::text::BankSearch> search,
                                       const QString& problem)
{
    m_meaning = std::move(search);
    m_meaningProblem = problem;
    rebuild();
}

void QuestionBrowser::setSearchByMeaning(bool on)
{
    m_byMeaning->setChecked(on);
}

bool QuestionBrowser::searchesByMeaning() const
{
    return m_byMeaning->isChecked();
}

void QuestionBrowser::setStudyMarks(const QSet<QString>& bookmarked, const QSet<QString>& due)
{
    if (bookmarked == m_bookmarked && due == m_due)
        return;
    m_bookmarked = bookmarked;
    m_due = due;
    m_study->setItemText(1, tr("★ Bookmarked (%1)").arg(m_bookmarked.size()));
    m_study->setItemText(2, tr("Due for review (%1)").arg(m_due.size()));
    rebuild();
}

void QuestionBrowser::setStudyFilter(StudyFilter filter)
{
    m_study->setCurrentIndex(m_study->findData(int(filter)));
}

void QuestionBrowser::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void QuestionBrowser::setSearchText(const QString& text)
{
    m_search->setText(text);
}

QString QuestionBrowser::currentId() const
{
    const QTreeWidgetItem* item = m_tree->currentItem();
    return item ? item->data(0, kIdRole).toString() : QString();
}

bool QuestionBrowser::selectQuestion(const QString& id)
{
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        if ((*it)->data(0, kIdRole).toString() == id) {
            m_tree->setCurrentItem(*it);
            m_tree->scrollToItem(*it);
            return true;
        }
    }
    return false;
}

QStringList QuestionBrowser::visibleIds() const
{
    QStringList ids;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        const QString id = (*it)->data(0, kIdRole).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    return ids;
}

QStringList QuestionBrowser::searchWords() const
{
    return QuestionBank::queryWords(m_search->text());
}

bool QuestionBrowser::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    if (watched == m_search && (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up)) {
        const QStringList ids = visibleIds();
        if (ids.isEmpty())
            return true;
        const int at = ids.indexOf(currentId());
        const int next = at < 0 ? 0 : std::clamp(at + (key->key() == Qt::Key_Down ? 1 : -1), 0, int(ids.size()) - 1);
        selectQuestion(ids[next]);
        return true;
    }
    if ((watched == m_search || watched == m_tree) &&
        (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
        if (currentId().isEmpty() && watched == m_search && !visibleIds().isEmpty())
            selectQuestion(visibleIds().constFirst());
        if (!currentId().isEmpty())
            Q_EMIT questionOpened(currentId());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}
