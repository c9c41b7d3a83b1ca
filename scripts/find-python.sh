#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain and fail.
# Order: $PYTHON, python3.13/python3.12/python3 on PATH, then pyenv's versions
# (the pyenv shims refuse versions that are not "global", so we use full paths).
set -u
ok() { "$1" -c 'import sys; raise SystemExit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for name in python3.12 python3.13 python3; do
  p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done
roots=()
command -v pyenv >/dev/null 2>&1 && roots+=("$(pyenv root 2>/dev/null)")
roots+=("${PYENV_ROOT:-$HOME/.pyenv}")
for root in "${roots[@]}"; do
  for v in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -V); do
    candidates+=("$v/bin/python3")
  done
done
for c in /usr/local/bin/python3.12 /usr/local/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.13; do
  candidates+=("$c")
done
for c in "${candidates[@]}"; do
  if [ -x "$c" ] && ok "$c"; then echo "$c"; exit 0; fi
done
echo "SEN needs Python 3.12 or newer (Django 6.1 requires it), and none was found." >&2
echo "Install one (e.g. 'pyenv install 3.12' or your OS package python3.12)," >&2
echo "or point to it: make demo PYTHON=/path/to/python3.12" >&2
exit 1
