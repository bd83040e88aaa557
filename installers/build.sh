#!/usr/bin/env bash
# Builds Gannet's installers with jpackage, from the jars `mvn package` made.
#
#   installers/build.sh [app-image|deb|msi|exe|dmg|pkg|all]   (default: all = app-image and, where dpkg exists, deb)
#
# Output in installers/target/:
#   app-image/gannet-broker, app-image/gannet-console      runnable images with their own Java runtime
#   gannet-broker-VERSION-linux-x64.tar.gz, gannet-console-VERSION-linux-x64.tar.gz
#   gannet-broker_VERSION_amd64.deb, gannet-console_VERSION_amd64.deb
# jpackage cannot cross-build: msi/exe need Windows (WiX 3), dmg/pkg need macOS; the options for
# those systems are in installers/*/windows.args and installers/*/macos.args.
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:-all}
out=installers/target
broker_jar=broker-server/target/gannet-broker.jar
console_jar=console-app/target/gannet-console.jar
if [ ! -f "$broker_jar" ] || [ ! -f "$console_jar" ]; then
    echo "Building the jars first (mvn package)..."
    mvn -q -B -DskipTests package
fi

# jpackage wants a plain numeric version: 0.1.0-SNAPSHOT becomes 0.1.0.
version=$(unzip -p "$broker_jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *\([0-9.]*\).*/\1/p' | tr -d '\r')
version=${version:-0.0.0}

# ---- staging: what each package holds ------------------------------------------------------
rm -rf "$out/stage" "$out/app-image"
mkdir -p "$out/stage/broker/lib" "$out/stage/console/lib" "$out/stage/javafx" "$out/app-image"

cp "$broker_jar" "$out/stage/broker/"
cp broker-server/target/lib/*.jar "$out/stage/broker/lib/"
cp installers/broker/linux/gannet-broker.service "$out/stage/broker/"
# The packaged broker keeps its data under /var/lib/gannet; everything else is the documented defaults.
sed -e 's|^  dir: data$|  dir: /var/lib/gannet|' \
    -e 's|^# Start with: .*$|# Installed as /etc/gannet/gannet.yml by the gannet-broker package; the service reads it at start.|' \
    broker-server/config/gannet.yml > "$out/stage/broker/gannet.yml"
grep -q '^  dir: /var/lib/gannet$' "$out/stage/broker/gannet.yml" || { echo "data.dir not found in gannet.yml" >&2; exit 1; }

cp "$console_jar" "$out/stage/console/"
for jar in console-app/target/lib/*.jar; do
    case "$(basename "$jar")" in
        javafx-*-linux.jar) cp "$jar" "$out/stage/javafx/" ;;   # linked into the runtime as modules
        javafx-*.jar) ;;                                          # the empty platform-neutral jars
        *) cp "$jar" "$out/stage/console/lib/" ;;
    esac
done

# The broker's runtime: only the modules it needs, and no window-system or sound libraries (a server
# package must not pull X11 and ALSA); it runs with java.awt.headless=true.
modules=$(grep -v '^#' installers/broker/runtime.modules | tr -d ' \n')
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --strip-native-commands \
    --output "$out/stage/broker-runtime"
rm -f "$out"/stage/broker-runtime/lib/{libawt_xawt.so,libjawt.so,libsplashscreen.so,libjsound.so}

common=(--app-version "$version" --dest)

# The broker brings the runtime made above; the console has jpackage link JavaFX into its own.
runtime_of() {
    if [ "$1" = gannet-broker ]; then
        echo "--runtime-image $out/stage/broker-runtime"
    else
        echo "--module-path $out/stage/javafx"
    fi
}

image() {  # name, input
    echo "jpackage: $1 app-image"
    jpackage --type app-image @"installers/${1#gannet-}/jpackage.args" --input "$2" $(runtime_of "$1") \
        --icon "installers/icons/$1.png" "${common[@]}" "$out/app-image"
    tar -C "$out/app-image" -czf "$out/$1-$version-linux-x64.tar.gz" "$1"
}

package() {  # type, name, input, os
    echo "jpackage: $2 $1"
    jpackage --type "$1" @"installers/${2#gannet-}/jpackage.args" @"installers/${2#gannet-}/$4.args" \
        --input "$3" $(runtime_of "$2") "${common[@]}" "$out"
}

both() {  # type, os
    package "$1" gannet-broker "$out/stage/broker" "$2"
    package "$1" gannet-console "$out/stage/console" "$2"
}

case "$kind" in
    app-image) image gannet-broker "$out/stage/broker"; image gannet-console "$out/stage/console" ;;
    deb) both deb linux ;;
    all)
        image gannet-broker "$out/stage/broker"
        image gannet-console "$out/stage/console"
        if command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
            both deb linux
        else
            echo "(no dpkg-deb and fakeroot here: no .deb; apt-get install dpkg-dev fakeroot)"
        fi
        ;;
    msi|exe) both "$kind" windows ;;
    dmg|pkg) both "$kind" macos ;;
    *) echo "usage: installers/build.sh [app-image|deb|msi|exe|dmg|pkg|all]" >&2; exit 2 ;;
esac
ls -1 "$out" | grep -E '\.(deb|tar\.gz|msi|exe|dmg|pkg)$' | sed "s|^|  $out/|" || true
