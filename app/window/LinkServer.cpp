#include "app/window/LinkServer.h"

#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QUrl>

#include <unistd.h>

namespace {
// A request is one UTF-8 line; a state file is sent as an absolute path.
constexpr int kMaxRequest = 64 * 1024;
} // namespace

LinkServer::LinkServer(QObject* parent) : QObject(parent), m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (!socket->canReadLine() && socket->bytesAvailable() < kMaxRequest)
                    return;
                const QString request = QString::fromUtf8(socket->readLine(kMaxRequest)).trimmed();
                socket->write("ok\n");
                socket->flush();
                socket->disconnectFromServer();
                if (!request.isEmpty())
                    Q_EMIT received(request);
            });
        }
    });
}

LinkServer::~LinkServer() = default;

QString LinkServer::socketName()
{
    return QStringLiteral("org.mllab.mllab.links-%1").arg(::getuid());
}

bool LinkServer::listen()
{
    if (m_server->listen(socketName()))
        return true;
    // No instance answered before we got here (we would have handed the link over), so a socket
    // file left by a crash is in the way: remove it and try once more.
    QLocalServer::removeServer(socketName());
    return m_server->listen(socketName());
}

bool LinkServer::sendToRunningInstance(const QString& linkOrFile, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(socketName());
    if (!socket.waitForConnected(timeoutMs))
        return false;
    const QString file = linkOrFile.startsWith(QLatin1String("file://"))
                             ? QUrl(linkOrFile).toLocalFile()
                             : linkOrFile;
    const QString request = file.startsWith(QLatin1String("mllab://"))
                                ? file
                                : QFileInfo(file).absoluteFilePath();
    socket.write(request.toUtf8() + '\n');
    if (!socket.waitForBytesWritten(timeoutMs) || !socket.waitForReadyRead(timeoutMs))
        return false;
    return socket.readLine().startsWith("ok");
}
