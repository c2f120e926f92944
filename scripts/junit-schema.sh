#!/usr/bin/env bash
# Fetches the JUnit XML schema that CI servers validate reports against (Jenkins'
# junit-10.xsd, MIT-licensed, as shipped inside pytest's source package on PyPI) and
# installs xmllint, so `cargo test` can check `rehearse grade --format junit` with it.
#
#   scripts/junit-schema.sh            # prints the schema's path
#   export REHEARSE_JUNIT_XSD=$(scripts/junit-schema.sh)
#   cargo test --test grade_reports junit
set -euo pipefail
cd "$(dirname "$0")/.."
dest=target/junit-schema
xsd="$dest/junit-10.xsd"
if ! command -v xmllint >/dev/null; then
  (apt-get install -y -q libxml2-utils || (apt-get update -q && apt-get install -y -q libxml2-utils)) >&2
fi
if [ ! -s "$xsd" ]; then
  mkdir -p "$dest"
  python3 -m pip download --quiet --no-binary :all: --no-deps --dest "$dest" pytest==8.3.4 >&2
  tar -xzf "$dest/pytest-8.3.4.tar.gz" -C "$dest" --strip-components=3 \
    pytest-8.3.4/testing/example_scripts/junit-10.xsd
  rm -f "$dest/pytest-8.3.4.tar.gz"
fi
echo "$PWD/$xsd"
