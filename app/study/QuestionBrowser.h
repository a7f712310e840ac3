#pragma once
// The question browser: search box (every word must match, ranked), filters by section,
// difficulty, tag and "has a lab", and the questions grouped by section with counts (or ranked
// when searching), and a study filter (bookmarked, or due for review; ★ marks bookmarks).
// Keyboard: Ctrl+F focuses the search (set by the window), Up/Down move from
// the search box through the list, Enter opens.
// "By meaning" ranks the questions with the hybrid retriever of the retrieval lab (BM25 and the
// bank's word vectors over its passages, fused by reciprocal rank): the window builds it in a
// job and hands it over; until then, and for text without a known word, the word search answers.

#include <QSet>
#include <QWidget>

#include <memory>

namespace mllab::text {
class BankSearch;
}

class QuestionBank;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;
struct QuestionFilter;

class QuestionBrowser : public QWidget {
    Q_OBJECT
public:
    explicit QuestionBrowser(QWidget* parent = nullptr);

    void setBank(const QuestionBank* bank);
    void focusSearch();
    void setSearchText(const QString& text);
    QString currentId() const;
    bool selectQuestion(const QString& id);
    /// Ids in the order shown (for tests and previous/next).
    QStringList visibleIds() const;
    QStringList searchWords() const;
    /// Study marks for the study filter and the ★ on bookmarked questions.
    void setStudyMarks(const QSet<QString>& bookmarked, const QSet<QString>& due);
    enum class StudyFilter { All, Bookmarked, Due };
    void setStudyFilter(StudyFilter filter);
    /// The search by meaning, once built (null: not available yet, or it failed: `problem`).
    void setMeaningSearch(std::shared_ptr<const mllab::text::BankSearch> search,
                          const QString& problem = {});
    void setSearchByMeaning(bool on);
    bool searchesByMeaning() const;
    bool meaningSearchReady() const { return m_meaning != nullptr; }

Q_SIGNALS:
    void questionSelected(const QString& id);  ///< current item changed
    void questionOpened(const QString& id);    ///< Enter or double-click
    void searchWordsChanged(const QStringList& words);
    void searchByMeaningToggled(bool on);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();
    void fillFilters();
    QTreeWidgetItem* itemFor(int index, const QString& scoreText) const;
    /// The questions ranked by meaning that pass the filters; empty when that search does not
    /// apply (off, not built, or no known word in the text).
    QList<int> meaningRanking(QList<double>* scores) const;
    QuestionFilter currentFilter() const; ///< section, difficulty, tag and "has a lab"
    bool passesStudyFilter(int index) const;

    const QuestionBank* m_bank = nullptr;
    QLineEdit* m_search;
    QCheckBox* m_byMeaning;
    std::shared_ptr<const mllab::text::BankSearch> m_meaning;
    QString m_meaningProblem;
    QComboBox* m_section;
    QComboBox* m_difficulty;
    QComboBox* m_tag;
    QCheckBox* m_hasLab;
    QComboBox* m_study;
    QSet<QString> m_bookmarked;
    QSet<QString> m_due;
    QTreeWidget* m_tree;
    QLabel* m_count;
};
