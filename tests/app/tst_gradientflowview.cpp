#include <QTest>
class TestGradientFlowView : public QObject {
    Q_OBJECT
};
QTEST_MAIN(TestGradientFlowView)
#include "tst_gradientflowview.moc"
