#pragma once
// One MLLab window per user session for links: the running window listens on a local socket,
// and a second `mllab mllab://lab/...` (from a browser or the desktop's URL handler) or
// `mllab FILE.mllab` hands its argument over and exits instead of opening a second window.

#include <QObject>
#include <QString>

class QLocalServer;

class LinkServer : public QObject {
    Q_OBJECT
public:
    explicit LinkServer(QObject* parent = nullptr);
    ~LinkServer() override;

    /// Starts listening (replacing a socket left behind by a crashed instance); false if it
    /// cannot, which only means later launches open their own windows.
    bool listen();

    /// Hands `linkOrFile` to a running MLLab; false when none answers within `timeoutMs`.
    static bool sendToRunningInstance(const QString& linkOrFile, int timeoutMs = 1000);
    /// The socket's name: per user, so two users never share a window.
    static QString socketName();

Q_SIGNALS:
    void received(const QString& linkOrFile);

private:
    QLocalServer* m_server;
};
