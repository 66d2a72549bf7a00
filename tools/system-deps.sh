#!/usr/bin/env bash
# Install the Debian packages of system-packages.txt that a purpose needs and that are missing.
#   tools/system-deps.sh run     what the platform needs to run (make demo)
#   tools/system-deps.sh test    run + test (make test, .ci/run)
#   tools/system-deps.sh bench   run + test + bench (make bench-deps)
# SKIP_BROWSER=1 leaves chromium out (the browser tests are then skipped and reported).
# As root it runs apt-get; otherwise through sudo when sudo works without a password prompt
# or a terminal can ask for one; otherwise it stops with the one command to run.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-test}
case "$purpose" in
  run) wanted="run" ;;
  test) wanted="run test" ;;
  bench) wanted="run test bench" ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac

missing=()
while read -r pkg need _; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  [[ " $wanted " == *" $need "* ]] || continue
  [[ "$pkg" == chromium && -n "${SKIP_BROWSER:-}" ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < system-packages.txt

[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if ! command -v apt-get >/dev/null; then
  echo "缺少系统软件包 / missing system packages: ${missing[*]} — this machine has no apt-get;" \
       "install their equivalents, then run make again." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  run=(bash -c)
elif command -v sudo >/dev/null && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
  run=(sudo bash -c)
else
  echo "缺少系统软件包 / missing system packages: ${missing[*]}" >&2
  echo "请以 root 身份运行 / run as root:  sudo sh -c '$command'" >&2
  exit 1
fi
echo "安装系统软件包 / installing system packages: ${missing[*]}"
"${run[@]}" "export DEBIAN_FRONTEND=noninteractive; apt-get -o DPkg::Lock::Timeout=300 update -qq && apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends ${missing[*]} >/dev/null"
