#!/usr/bin/env bash
# Sets up everything (see setup.sh) and runs the whole test suite: unit tests, then the
# integration and end-to-end tests that drive the packaged bin/peapod.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$here/scripts/setup.sh"
cd "$here"
export JAVA_HOME=${PEAPOD_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B verify
