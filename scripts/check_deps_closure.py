#!/usr/bin/python3
"""Check that a bare Debian 12 gets everything MLLab's build and programs use from our list.

Usage: /usr/bin/python3 scripts/check_deps_closure.py --packages scripts/debian-packages.txt
           --build-dir build [--binary FILE]... [--trace COMMAND]... [--drop PACKAGE]...

scripts/ensure-deps.sh installs the listed packages with --no-install-recommends, so on a bare
machine the installed set is: the base system (Essential and Priority: required packages, what
debootstrap's minbase installs), the list, and everything these pull in through hard Depends and
Pre-Depends, never Recommends. This script computes that set from dpkg's database and maps to
their packages (dpkg -S) every file the configure step resolved (absolute paths in
CMakeCache.txt; for a <Package>_DIR entry, the package configuration files in it), every shared
library each --binary loads (ldd), and every object a --trace command loads in a real run
(the dynamic loader's LD_DEBUG=libs trace, which also sees plugins opened with dlopen). A file whose package is outside the set, or
that no package owns, fails the check with the package and the files named.

Exit status: 0 closed, 1 something missing, 2 usage or environment error.
"""

import argparse
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

# Files the configure step finds but nothing built here needs, with the reason they may be
# missing on a bare machine. Keys are CMake cache variables.
OPTIONAL_CACHE_ENTRIES = {
    # FindOpenGL (run by Qt6Gui) always looks for GLU; no MLLab target links it.
    "OPENGL_glu_LIBRARY": "FindOpenGL's optional GLU; nothing links it",
    # FindOpenGL also always looks for EGL; Qt's EGL platform plugins are not part of MLLab.
    "OPENGL_egl_LIBRARY": "FindOpenGL's optional EGL; nothing links it",
    # Qt6Gui looks for Vulkan headers and loader to offer QVulkanInstance; MLLab does not use it.
    "Vulkan_LIBRARY": "Qt6Gui's optional Vulkan loader; MLLab does not use Vulkan",
    "Vulkan_INCLUDE_DIR": "Qt6Gui's optional Vulkan headers",
    "Vulkan_GLSLC_EXECUTABLE": "FindVulkan's optional shader compiler",
    "Vulkan_GLSLANG_VALIDATOR_EXECUTABLE": "FindVulkan's optional shader validator",
}

def die(message):
    print(f"check_deps_closure: {message}", file=sys.stderr)
    sys.exit(2)


def read_package_list(path):
    packages = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            name = line.split("#", 1)[0].strip()
            if name:
                packages.append(name)
    if not packages:
        die(f"{path} lists no packages")
    return packages


# --- What a bare machine installs -------------------------------------------------------------

class PackageDb:
    """Installed packages with their hard dependencies and what they provide (from dpkg)."""

    def __init__(self):
        fields = "${Package}\t${Essential}\t${Priority}\t${Depends}\t${Pre-Depends}\t${Provides}\t${db:Status-Status}\n"
        out = subprocess.run(["dpkg-query", "-W", "-f", fields], check=True,
                             capture_output=True, text=True).stdout
        self.depends = {}   # package -> list of alternative groups, each a list of names
        self.base = set()   # Essential or Priority: required
        self.providers = {}  # virtual name -> installed packages providing it
        for line in out.splitlines():
            name, essential, priority, depends, predepends, provides, status = line.split("\t")
            if status != "installed":
                continue
            self.depends[name] = parse_relations(depends) + parse_relations(predepends)
            if essential == "yes" or priority == "required":
                self.base.add(name)
            for group in parse_relations(provides):
                self.providers.setdefault(group[0], set()).add(name)

    def installed(self, name):
        return name in self.depends

    def satisfied_by(self, name, closure):
        return name in closure or any(p in closure for p in self.providers.get(name, ()))

    def choice(self, group):
        """The package apt installs for an unsatisfied alternative group: the first alternative
        that is a real package, else a provider of the first virtual one that has one."""
        for name in group:
            if self.installed(name):
                return name
            providers = sorted(self.providers.get(name, ()))
            if providers:
                return providers[0]
        return group[0]

    def closure(self, roots):
        """Everything `apt-get install --no-install-recommends roots` leaves installed."""
        closure = set()
        pending_groups = []
        work = list(roots)
        while True:
            while work:
                name = work.pop()
                if name in closure:
                    continue
                closure.add(name)
                for group in self.depends.get(name, ()):
                    if len(group) == 1 and self.installed(group[0]):
                        work.append(group[0])
                    else:
                        pending_groups.append(group)
            # Alternatives and virtual names: satisfied by what is already in, else apt's pick.
            unsatisfied = [g for g in pending_groups
                           if not any(self.satisfied_by(n, closure) for n in g)]
            pending_groups = []
            if not unsatisfied:
                return closure
            for group in unsatisfied:
                if not any(self.satisfied_by(n, closure) for n in group):
                    work.append(self.choice(group))


def parse_relations(field):
    """'a (>= 1) | b:any, c' -> [['a', 'b'], ['c']]"""
    groups = []
    for part in field.split(","):
        names = []
        for alternative in part.split("|"):
            name = re.sub(r"\(.*?\)|\[.*?\]|<.*?>", "", alternative).strip()
            name = name.split(":")[0]
            if name:
                names.append(name)
        if names:
            groups.append(names)
    return groups


# --- What the build and the programs use ------------------------------------------------------

def cache_entries(build_dir):
    """(variable, path) for every existing absolute path the configure step recorded."""
    path = os.path.join(build_dir, "CMakeCache.txt")
    if not os.path.exists(path):
        die(f"no {path}: configure the build first")
    own = [os.path.realpath(build_dir)]
    entries = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"^([A-Za-z0-9_.+-]+):(PATH|FILEPATH|STRING|INTERNAL)=(.*)$", line.rstrip("\n"))
            if not m:
                continue
            variable, value = m.group(1), m.group(3)
            for item in value.split(";"):
                if item.startswith("/") and os.path.exists(item):
                    entries.append((variable, item))
    source = None
    for variable, item in entries:
        if variable == "CMAKE_HOME_DIRECTORY" or variable.endswith("_SOURCE_DIR"):
            source = os.path.realpath(item)
    if source:
        own.append(source)
    return [(v, p) for v, p in entries if not inside_any(os.path.realpath(p), own)]


def inside_any(path, folders):
    return any(path == f or path.startswith(f + os.sep) for f in folders)


def config_files(folder):
    """The package configuration files in a folder (a <Package>_DIR entry); other folders
    (include directories and the like) name no file of their own."""
    return [os.path.join(folder, n) for n in sorted(os.listdir(folder))
            if re.search(r"(Config|-config)\.cmake$", n)]


def build_inputs(build_dir):
    """{path: reason} for the files the configure step resolved."""
    inputs = {}
    for variable, path in cache_entries(build_dir):
        if variable in OPTIONAL_CACHE_ENTRIES:
            continue
        files = config_files(path) if os.path.isdir(path) else [path]
        for file in files:
            inputs.setdefault(file, f"configure: {variable}")
    return inputs


def linked_libraries(binary):
    if not os.access(binary, os.X_OK):
        die(f"{binary} is not an executable")
    out = subprocess.run(["ldd", binary], capture_output=True, text=True)
    if out.returncode != 0:
        die(f"ldd {binary} failed: {out.stderr.strip()}")
    libraries = {}
    for line in out.stdout.splitlines():
        m = re.search(r"=>\s+(/\S+)", line) or re.match(r"\s*(/\S+)", line)
        if m:
            libraries[m.group(1)] = f"loaded by {os.path.basename(binary)} (ldd)"
        elif "not found" in line:
            print(f"{os.path.basename(binary)}: {line.strip()}", file=sys.stderr)
    return libraries


def traced_objects(command):
    """Every object a real run of `command` initialised, dlopen'd plugins included, from the
    dynamic loader's own trace (LD_DEBUG=libs: 'calling init: PATH')."""
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, LD_DEBUG="libs", LD_DEBUG_OUTPUT=os.path.join(folder, "trace"))
        run = subprocess.run(shlex.split(command), env=env, cwd=folder,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if run.returncode != 0:
            die(f"traced run failed (exit {run.returncode}): {command}\n{run.stderr.strip()}")
        objects = {}
        for trace in glob.glob(os.path.join(folder, "trace.*")):
            with open(trace, encoding="utf-8", errors="replace") as f:
                for line in f:
                    m = re.search(r"calling init: (/\S+)", line)
                    if m:
                        objects[m.group(1)] = f"loaded by: {command}"
    if not objects:
        die(f"the loader traced nothing for: {command}")
    return objects


# --- Files to packages ------------------------------------------------------------------------

def link_chain(path):
    """The path and every symbolic link it goes through (alternatives included), to the file."""
    chain = [path]
    current = path
    for _ in range(40):
        if not os.path.islink(current):
            break
        current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
        chain.append(current)
    chain.append(os.path.realpath(path))
    return list(dict.fromkeys(chain))


def merged_usr_names(path):
    """The names dpkg may know a file by on a merged /usr: /lib/x and /usr/lib/x."""
    for top in ("/lib/", "/lib64/", "/bin/", "/sbin/"):
        if path.startswith(top):
            return [path, "/usr" + path]
        if path.startswith("/usr" + top):
            return [path, path[4:]]
    return [path]


def owning_steps(paths):
    """{path: [set of packages, one per owned step of its link chain]} from dpkg-query -S.
    A step no package owns (an alternatives link) is skipped; an empty list: nothing owned."""
    steps = {p: [merged_usr_names(hop) for hop in link_chain(p)] for p in paths}
    queried = sorted({name for chain in steps.values() for names in chain for name in names})
    owned = {}
    for chunk in (queried[i:i + 500] for i in range(0, len(queried), 500)):
        out = subprocess.run(["dpkg-query", "-S", *chunk], capture_output=True, text=True).stdout
        for line in out.splitlines():
            packages, _, file = line.partition(": ")
            if file in chunk and not line.startswith("diversion "):
                owned.setdefault(file, set()).update(
                    p.strip().split(":")[0] for p in packages.split(","))
    result = {}
    for path, chain in steps.items():
        sets = [set().union(*(owned.get(n, set()) for n in names)) for names in chain]
        result[path] = [s for s in sets if s]
    return result


def unseen_packages(db, listed, steps_of, available):
    """Listed packages whose removal the check would not notice."""
    needed = [packages for steps in steps_of.values() for packages in steps
              if packages & available]
    unseen = []
    for package in listed:
        without = db.closure(sorted(db.base) + [p for p in listed if p != package])
        if all(packages & without for packages in needed):
            unseen.append(package)
    return unseen


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", required=True, help="the package list (debian-packages.txt)")
    parser.add_argument("--build-dir", required=True, help="a configured build folder")
    parser.add_argument("--binary", action="append", default=[], help="an executable to ldd")
    parser.add_argument("--trace", action="append", default=[], metavar="COMMAND",
                        help="run COMMAND (in a temporary folder) and check what it loads")
    parser.add_argument("--drop", action="append", default=[],
                        help="check as if this package were not in the list")
    args = parser.parse_args()

    listed = [p for p in read_package_list(args.packages) if p not in args.drop]
    db = PackageDb()
    unknown = [p for p in listed if not db.installed(p)]
    if unknown:
        die("listed but not installed here (run scripts/ensure-deps.sh): " + " ".join(unknown))
    available = db.closure(sorted(db.base) + listed)

    needs = build_inputs(args.build_dir)
    for binary in args.binary:
        for path, reason in linked_libraries(binary).items():
            needs.setdefault(path, reason)
    for command in args.trace:
        for path, reason in traced_objects(command).items():
            needs.setdefault(path, reason)

    steps_of = owning_steps(needs)
    missing = {}   # package -> [(path, reason)]
    unowned = []
    for path, steps in sorted(steps_of.items()):
        if not steps:
            unowned.append(path)
        for packages in steps:
            if not packages & available:
                missing.setdefault(" | ".join(sorted(packages)), []).append((path, needs[path]))

    for path in unowned:
        print(f"not from any Debian package: {path} ({needs[path]})")
    for package, files in sorted(missing.items()):
        print(f"missing package: {package} (not in {os.path.basename(args.packages)} "
              f"nor pulled in by a hard Depends); needed for:")
        for path, reason in files[:3]:
            print(f"    {path}  [{reason}]")
        if len(files) > 3:
            print(f"    ... and {len(files) - 3} more")
    unseen = unseen_packages(db, listed, steps_of, available)
    if unseen:
        print("listed, but dropping one of these alone would go unnoticed here (another listed "
              "package pulls it in, or only tools the check cannot see use it): " + " ".join(unseen))
    print(f"{len(needs)} files checked against {len(listed)} listed packages "
          f"({len(available)} with the base system and hard Depends): "
          + ("closed" if not missing and not unowned else
             f"{len(missing)} package(s) missing, {len(unowned)} file(s) from no package"))
    return 1 if missing or unowned else 0


if __name__ == "__main__":
    sys.exit(main())
