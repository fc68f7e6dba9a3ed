#!/usr/bin/env python3
"""Write the list of Python standard-library top-level modules that `lk check imports` skips.

Re-run (from the repository root, with Python 3.10 or later):

    python3 scripts/generate-python-stdlib-modules.py [--out src/core/ecosystems/pypi/imports/python-stdlib-modules.json]

The list is `sys.stdlib_module_names` of the interpreter that runs this script, plus `__main__`
(always present, never a distribution). Modules removed from later Pythons (distutils, imp,
asynchat, ...) stay in the list on purpose when generated from an older interpreter: code that
imports them still needs no distribution. Output is sorted and deterministic for a given Python
version (recorded in the file's `generator` block), so a re-run leaves git clean.
"""

import argparse
import json
import platform
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="src/core/ecosystems/pypi/imports/python-stdlib-modules.json")
    args = parser.parse_args()
    if sys.version_info < (3, 10):
        sys.exit("needs Python 3.10 or later (sys.stdlib_module_names)")
    modules = sorted(set(sys.stdlib_module_names) | {"__main__"})
    document = {
        "generator": {
            "script": "scripts/generate-python-stdlib-modules.py",
            "source": "sys.stdlib_module_names",
            "python": platform.python_version(),
        },
        "modules": modules,
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
        out.write("\n")
    print(f"wrote {len(modules)} modules to {args.out}")


if __name__ == "__main__":
    main()
