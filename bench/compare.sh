#!/usr/bin/env bash
# The regression gate: compares two results of the same bench (JSON written by bench/node/run.sh,
# bench/proxy/run.sh, bench/swap/run.sh) figure by figure and flags every figure more than THRESHOLD percent
# (default 5) worse in B than in A, in the figure's own direction ("better": "lower" or "higher"). A figure that
# was 0 and is not any more counts as worse when lower is better (failed requests). Figures only one side has are
# listed, not judged. Exit 0: nothing worse; 1: something worse; 2: usage or the files are not comparable.
#
#   bench/compare.sh bench/results/latest/node-start.json bench/results/node-start-2026-12-07.json
#   THRESHOLD=10 bench/compare.sh A.json B.json
set -euo pipefail
[[ $# -eq 2 ]] || { sed -n '2,9p' "$0" >&2; exit 2; }
command -v python3 >/dev/null || { echo "missing python3" >&2; exit 2; }
exec python3 - "$1" "$2" "${THRESHOLD:-5}" <<'PY'
import json, sys

def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        figures = data["figures"]
        for name, figure in figures.items():
            if figure.get("better") not in ("lower", "higher") or not isinstance(figure.get("value"), (int, float)):
                raise ValueError(f"figure {name}: needs a numeric value and better: lower|higher")
        return data
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"{path}: not a bench result ({e})", file=sys.stderr)
        sys.exit(2)

a, b, threshold = load(sys.argv[1]), load(sys.argv[2]), float(sys.argv[3])
if a.get("bench") != b.get("bench"):
    print(f"different benches: {a.get('bench')} and {b.get('bench')}", file=sys.stderr)
    sys.exit(2)

print(f"{a['bench']}: A = {a.get('date', '?')} ({a.get('machine', '?')}, load {a.get('load', '?')})")
print(f"{' ' * len(a['bench'])}  B = {b.get('date', '?')} ({b.get('machine', '?')}, load {b.get('load', '?')})")
print(f"{'figure':<40} {'A':>12} {'B':>12} {'change':>9}  verdict")
worse = 0
for name in sorted(set(a["figures"]) | set(b["figures"])):
    fa, fb = a["figures"].get(name), b["figures"].get(name)
    if fa is None or fb is None:
        print(f"{name:<40} {fa['value'] if fa else '-':>12} {fb['value'] if fb else '-':>12} {'':>9}  only in {'B' if fa is None else 'A'}")
        continue
    va, vb, better = fa["value"], fb["value"], fb["better"]
    if va == 0:
        change = 0.0 if vb == 0 else float("inf") if vb > 0 else float("-inf")
    else:
        change = (vb - va) / abs(va) * 100
    bad = change > threshold if better == "lower" else change < -threshold
    good = change < -threshold if better == "lower" else change > threshold
    verdict = f"WORSE (>{threshold:g}%, {better} is better)" if bad else "better" if good else "same"
    worse += bad
    print(f"{name:<40} {va:>12g} {vb:>12g} {change:>+8.1f}%  {verdict}")
print(f"{worse} figure(s) worse by more than {threshold:g}%" if worse else f"no figure worse by more than {threshold:g}%")
sys.exit(1 if worse else 0)
PY
