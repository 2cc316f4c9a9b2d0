#!/usr/bin/env python3
"""What a process JIT-compiled, by tier and by whose code it is.

Reads the lists the runtime writes with DOTNET_JitDisasmSummary=1 and DOTNET_JitStdOutFile=FILE, e.g.
  DOTNET_JitDisasmSummary=1 DOTNET_JitStdOutFile=/tmp/jit.txt gitgateway validate examples/repo-layout
  bench/render/jit-split.py /tmp/jit.txt
and prints, per file, the compilations by tier and by group: ours (GitGateway.*), the packages the CLI carries,
regex (System.Text.RegularExpressions and instantiations over its types), the framework's generic code
instantiated over our types, and the rest of the framework (collections, LINQ, JSON, other), with the types that
account for most of each group.

  bench/render/jit-split.py --diff BASE.txt BRANCH.txt
compares two such lists by the methods compiled at first call (tier 0, the count that does not move with load):
how many each has, and the methods gone and new, counted by their owner type with its type arguments.
"""
import collections
import re
import sys

LINE = re.compile(r"\s*\d+: JIT compiled (\S+?):(\S+?)\(.*\[([\w-]+)")
PACKAGES = re.compile(r"(YamlDotNet|System\.CommandLine|Cel|Antlr4|Google\.Protobuf|Spectre|Quartz|Polly|Octokit"
                      r"|k8s|Microsoft\.IdentityModel|Prometheus)\b")


def group(owner: str, line: str) -> str:
    if owner.startswith("GitGateway"):
        return "ours"
    if PACKAGES.match(owner):
        return "packages"
    if "RegularExpressions" in line:
        return "regex"
    if "GitGateway" in line:
        return "framework over ours"
    for prefix, name in (("System.Text.Json", "framework: json"), ("System.Linq", "framework: linq"),
                         ("System.Collections", "framework: collections")):
        if owner.startswith(prefix):
            return name
    return "framework: other"


def first_calls(path: str) -> collections.Counter[str]:
    """The methods compiled at tier 0 (owner:method, with the owner's type arguments), each with its count."""
    methods: collections.Counter[str] = collections.Counter()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if m and m.group(3).startswith("Tier0"):
                methods[f"{m.group(1)}:{m.group(2)}"] += 1
    return methods


def diff(base_path: str, branch_path: str) -> int:
    base, branch = first_calls(base_path), first_calls(branch_path)
    print(f"first call: base {sum(base.values())}, branch {sum(branch.values())}, "
          f"change {sum(branch.values()) - sum(base.values()):+d}")
    for title, counts in (("gone", base - branch), ("new", branch - base)):
        owners: collections.Counter[str] = collections.Counter()
        for method, n in counts.items():
            owners[method.split(":")[0]] += n
        print(f"  {title}: {sum(counts.values())}")
        for owner, n in owners.most_common():
            print(f"    {n:4}  {owner}")
    return 0


def main(paths: list[str]) -> int:
    if paths[:1] == ["--diff"] and len(paths) == 3:
        return diff(paths[1], paths[2])
    if not paths or paths[0].startswith("--"):
        print(__doc__, file=sys.stderr)
        return 2
    for path in paths:
        tiers: collections.Counter[str] = collections.Counter()
        groups: collections.Counter[str] = collections.Counter()
        types: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = LINE.match(line)
                if not m:
                    continue
                owner, _, tier = m.groups()
                tiers[tier] += 1
                g = group(owner.split("[")[0], line)
                groups[g] += 1
                types[g][owner.split("`")[0].split("[")[0]] += 1
        print(f"{path}: {sum(tiers.values())} methods; by tier {dict(tiers.most_common())}")
        for g, n in groups.most_common():
            top = ", ".join(f"{t} {c}" for t, c in types[g].most_common(4))
            print(f"  {g:22} {n:5}  ({top})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
