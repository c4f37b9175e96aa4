"""Runs checkov on every synthesized example stack and fails on any failed check that is not
skipped, with a reason, in conformance/checkov-skips.yaml.

checkov must be told `--framework terraform_json`: its default framework silently skips
cdk.tf.json. It also ignores inline skip comments in Terraform JSON, hence the skip file.
"""
import fnmatch
import glob
import json
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP_FILE = os.path.join(ROOT, "conformance", "checkov-skips.yaml")
MIN_REASON = 30


def load_skips():
    with open(SKIP_FILE, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    skips = doc.get("skips") or []
    for i, skip in enumerate(skips):
        reason = (skip.get("reason") or "").strip()
        if not skip.get("id") or len(reason) < MIN_REASON:
            sys.exit(f"{SKIP_FILE}: skip #{i + 1} needs an id and a reason of at least {MIN_REASON} characters")
    return skips


def matches(skip, failure, stack):
    if skip["id"] != failure["check_id"]:
        return False
    if skip.get("stack") and not fnmatch.fnmatch(stack, skip["stack"]):
        return False
    return not skip.get("resource") or fnmatch.fnmatch(failure["resource"], skip["resource"])


def scan(path):
    proc = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "checkov"), "-f", path, "--framework", "terraform_json",
         "--skip-download", "--compact", "--quiet", "-o", "json"],
        capture_output=True, text=True, check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"checkov produced no JSON for {path} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    reports = report if isinstance(report, list) else [report]
    failed, passed = [], 0
    for r in reports:
        if r.get("check_type") != "terraform_json":
            continue
        if r["summary"].get("parsing_errors"):
            sys.exit(f"checkov could not parse {path}")
        failed += r["results"]["failed_checks"]
        passed += r["summary"]["passed"]
    return passed, failed


def main():
    skips = load_skips()
    stacks = sorted(glob.glob(os.path.join(ROOT, "cdktf.out", "stacks", "*", "cdk.tf.json")))
    if not stacks:
        sys.exit("no synthesized stacks under cdktf.out/stacks: run `npx projen synth` first")
    total_passed = total_failed = total_skipped = 0
    used = set()
    for path in stacks:
        stack = os.path.basename(os.path.dirname(path))
        passed, failed = scan(path)
        if passed == 0:
            sys.exit(f"{stack}: checkov passed no check at all; the scan did not run")
        unexplained = []
        for failure in failed:
            hit = next((i for i, s in enumerate(skips) if matches(s, failure, stack)), None)
            if hit is None:
                unexplained.append(failure)
            else:
                used.add(hit)
                total_skipped += 1
        total_passed += passed
        total_failed += len(unexplained)
        print(f"{stack}: {passed} passed, {len(unexplained)} failed, {len(failed) - len(unexplained)} skipped")
        for f in unexplained:
            print(f"  FAILED {f['check_id']} {f['resource']}: {f['check_name']}")
    for i, s in enumerate(skips):
        if i not in used:
            print(f"note: skip {s['id']} ({s.get('resource', '*')}) matched nothing; remove it if it is stale")
    print(f"conformance: {total_passed} passed, {total_failed} failed, {total_skipped} skipped")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
