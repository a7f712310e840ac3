// mllab-manpage TEMPLATE OUT: writes mllab(1) from its template, with the OPTIONS section made
// from the options `mllab --help` lists. Build-time only; not installed.
#include "app/AppOptions.h"
#include "engine/cli/help.h"

#include <QCoreApplication>

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

void printOptions(std::ostream& page)
{
    for (const QCommandLineOption& option : AppOptions::declaredOptions()) {
        QStringList names;
        for (const QString& name : option.names())
            names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
        std::string heading = names.join(QStringLiteral(", ")).toStdString();
        if (!option.valueName().isEmpty())
            heading += " " + option.valueName().toStdString();
        page << ".TP\n.B " << mllab::cli::roffText(heading) << "\n"
             << mllab::cli::roffText(option.description().toStdString()) << "\n";
    }
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::cerr << "usage: mllab-manpage TEMPLATE OUT\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    std::ostringstream page;
    bool filled = false;
    for (std::string line; std::getline(in, line);) {
        if (line == ".\\\" mllab-manpage: options") {
            printOptions(page);
            filled = true;
        } else {
            page << line << "\n";
        }
    }
    if (!in.eof() || !filled) {
        std::cerr << "mllab-manpage: " << argv[1] << " is unreadable or has no options marker\n";
        return 1;
    }
    std::ofstream out(argv[2]);
    out << page.str();
    return out ? 0 : 1;
}
