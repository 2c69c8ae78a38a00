# Sourced by the launchers: picks a JDK >= 17 into $JAVA and builds missing jars.

java_major() { # prints the feature version of the java binary $1
    "$1" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

find_java() {
    local c
    for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" \
             /usr/lib/jvm/*/bin/java; do
        [ -n "$c" ] && [ -x "$c" ] || continue
        if [ "$(java_major "$c")" -ge 17 ] 2>/dev/null; then
            JAVA=$c
            return 0
        fi
    done
    echo "sluice: no JDK >= 17 found (set JAVA_HOME)" >&2
    exit 1
}

ensure_jar() { # $1 jar path, $2 module that builds it
    if [ ! -f "$1" ]; then
        echo "sluice: $1 is missing, building it (mvn package -pl $2 -am)..." >&2
        (cd "$root" && mvn -B -q -DskipTests -pl "$2" -am package) >&2
    fi
}

find_java
