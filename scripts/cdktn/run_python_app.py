#!/usr/bin/env python3
"""Runs a cdktf Python app (e.g. examples/python/confluxdb/main.py) on CDK Terrain, unchanged on disk.

The app's source is read, its import statements are rewritten to the cdktn flavour's modules — the
same rewrite scripts/cdktn/flavour.ts applies to the TypeScript sources — and the result runs as
__main__. Any other mention of a cdktf module in an import is an error, so nothing runs half on cdktf.

Usage: python scripts/cdktn/run_python_app.py <app.py>   (CDKTF_OUTDIR chooses the synth folder)
"""
import re
import sys

# Python modules: cdktf's and ours on the left, their CDK Terrain counterparts on the right.
MODULES = {
    "cdktf": "cdktn",
    "cdktf_cdktf_provider_aws": "cdktn_provider_aws",
    "confluxdb_cdktf_blueprint": "confluxdb_cdktn_blueprint",
}
IMPORT = re.compile(r"^(\s*(?:from|import)\s+)([A-Za-z_][A-Za-z0-9_]*)(?=[\s.,]|$)", re.MULTILINE)


def rewrite(source: str, where: str) -> str:
    def replace(match: re.Match) -> str:
        module = match.group(2)
        if module in MODULES:
            return match.group(1) + MODULES[module]
        if "cdktf" in module:
            raise SystemExit(f"{where}: no CDK Terrain module is known for '{module}'; add it to MODULES in {__file__}")
        return match.group(0)

    rewritten = IMPORT.sub(replace, source)
    if rewritten == source:
        raise SystemExit(f"{where}: no cdktf import found to rewrite")
    return rewritten


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        source = rewrite(f.read(), path)
    sys.argv = [path]
    code = compile(source, path, "exec")
    exec(code, {"__name__": "__main__", "__file__": path})  # noqa: S102 - runs the example app, by design

    loaded = sorted(m for m in sys.modules if m.split(".")[0] in MODULES)
    if loaded:
        raise SystemExit(f"{path}: cdktf modules were loaded on the cdktn run: {loaded[:3]}")


if __name__ == "__main__":
    main()
