#!/usr/bin/env python3
"""Checks the deployments in deploy/ (issue 19): every YAML file parses and the Kubernetes
objects have the properties docs/scaling.md promises; every systemd unit passes
`systemd-analyze verify`; every shell script parses (`bash -n`).

    check_deploy.py yaml    SOURCE_DIR
    check_deploy.py units   SOURCE_DIR GOVAUDIT_BINARY
    check_deploy.py scripts SOURCE_DIR

Exits 0 when the checks pass, 1 with the reasons when one fails, 77 (ctest's skip) when the
check cannot run on this machine, saying why.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def fail(message):
    print("FAILED: " + message)
    return 1


def pod_specs(doc):
    """(job spec, pod spec) of a Job or of a CronJob's job template."""
    if doc.get("kind") == "Job":
        job = doc["spec"]
    elif doc.get("kind") == "CronJob":
        job = doc["spec"]["jobTemplate"]["spec"]
    else:
        return None
    return job, job["template"]["spec"]


def check_shard_job(name, doc, job, pod, problems):
    """The promises of an Indexed Job that audits shards."""
    want = {"completionMode": "Indexed"}
    for key, value in want.items():
        if job.get(key) != value:
            problems.append(f"{name}: {key} is {job.get(key)!r}, not {value!r}")
    for key in ("activeDeadlineSeconds", "backoffLimitPerIndex", "podFailurePolicy"):
        if key not in job:
            problems.append(f"{name}: no {key}")
    if doc.get("kind") == "CronJob" and doc["spec"].get("concurrencyPolicy") != "Forbid":
        problems.append(f"{name}: concurrencyPolicy is not Forbid")
    if pod.get("restartPolicy") != "Never":
        problems.append(f"{name}: restartPolicy must be Never for a pod failure policy")
    rules = job.get("podFailurePolicy", {}).get("rules", [])
    for rule in rules:
        codes = rule.get("onExitCodes", {})
        # Ignore or Count on exit 1 would re-run or retry a shard that merely found problems.
        if codes.get("operator") == "In" and 1 in codes.get("values", []):
            problems.append(f"{name}: a pod failure rule acts on exit code 1 (findings)")
    if not any(r.get("action") == "FailIndex" and 2 in r.get("onExitCodes", {}).get("values", []) for r in rules):
        problems.append(f"{name}: exit code 2 (bad configuration) does not fail its index at once")
    container = pod["containers"][0]
    script = " ".join(container.get("command", []) + container.get("args", []))
    if '--shard "$JOB_COMPLETION_INDEX/$SHARDS"' not in script:
        problems.append(f"{name}: the command does not pass --shard \"$JOB_COMPLETION_INDEX/$SHARDS\"")
    if '[ "$code" -eq 1 ]; then exit 0' not in script:
        problems.append(f"{name}: exit code 1 (findings) is not turned into success")
    shards = [e.get("value") for e in container.get("env", []) if e.get("name") == "SHARDS"]
    if shards != [str(job.get("completions"))]:
        problems.append(f"{name}: SHARDS {shards} differs from completions {job.get('completions')}")
    env = {e.get("name") for e in container.get("env", [])}
    for mount in container.get("volumeMounts", []):
        expr = mount.get("subPathExpr", "")
        if expr and expr[expr.find("$(") + 2:expr.find(")")] not in env:
            problems.append(f"{name}: subPathExpr {expr} names a variable the container does not define")
    if not any(m.get("subPathExpr") for m in container.get("volumeMounts", [])):
        problems.append(f"{name}: no per-shard folder (subPathExpr) on the data volume")


def check_yaml(source):
    try:
        import yaml
    except ImportError:
        print("SKIPPED: python3-yaml is not installed (scripts/setup.sh installs it)")
        return SKIP
    files = sorted(p for p in (source / "deploy").rglob("*") if p.suffix in (".yaml", ".yml"))
    if not files:
        return fail("no YAML file under deploy/")
    problems, shard_jobs, merges = [], 0, 0
    for path in files:
        try:
            docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
        except yaml.YAMLError as error:
            problems.append(f"{path}: {error}")
            continue
        for doc in docs:
            for key in ("apiVersion", "kind", "metadata"):
                if key not in doc:
                    problems.append(f"{path}: a document without {key}")
            specs = pod_specs(doc)
            if specs is None:
                continue
            name = f"{path.name} {doc['kind']}/{doc['metadata']['name']}"
            script = " ".join(specs[1]["containers"][0].get("args", []))
            if "govaudit audit" in script:
                shard_jobs += 1
                check_shard_job(name, doc, *specs, problems)
            elif "govaudit merge" in script:
                merges += 1
        print(f"parsed {path.relative_to(source)}: {len(docs)} document(s)")
    if shard_jobs < 2 or merges < 1:
        problems.append(f"expected a shard Job, a shard CronJob and a merge CronJob; found {shard_jobs} shard and {merges} merge")
    for p in problems:
        print("FAILED: " + p)
    return 1 if problems else 0


def check_units(source, binary):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        print("SKIPPED: systemd-analyze is not installed (package systemd)")
        return SKIP
    units = sorted((source / "deploy" / "systemd").glob("*.*"))
    units = [u for u in units if u.suffix in (".service", ".timer")]
    if not units:
        return fail("no unit under deploy/systemd")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for unit in units:
            # verify checks that ExecStart's program exists: point it at the built binary. A
            # template is verified as its instance 0.
            text = unit.read_text(encoding="utf-8").replace("/usr/local/bin/govaudit", binary)
            name = unit.name.replace("@.", "@0.")
            (pathlib.Path(tmp) / name).write_text(text, encoding="utf-8")
            paths.append(str(pathlib.Path(tmp) / name))
        try:
            run = subprocess.run([analyze, "verify", *paths], capture_output=True, text=True, timeout=60,
                                 env={**os.environ, "SYSTEMD_LOG_COLOR": "0"})
        except (OSError, subprocess.TimeoutExpired) as error:
            print(f"SKIPPED: systemd-analyze cannot run here: {error}")
            return SKIP
        output = (run.stdout + run.stderr).strip()
        # verify only warns about unknown keys and bad values: any word about a unit fails.
        if run.returncode != 0 or output:
            if "Failed to initialize manager" in output or "Failed to set up" in output:
                print(f"SKIPPED: systemd-analyze cannot run here: {output}")
                return SKIP
            return fail(f"systemd-analyze verify {' '.join(u.name for u in units)}:\n{output}")
    print("verified " + ", ".join(u.name for u in units))
    return 0


def check_scripts(source):
    scripts = sorted(p for p in (source / "deploy").rglob("*") if p.suffix in (".sh", ".sbatch"))
    if not scripts:
        return fail("no shell script under deploy/")
    problems = []
    for script in scripts:
        run = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, timeout=30)
        if run.returncode != 0:
            problems.append(f"{script}: {run.stderr.strip()}")
        elif not script.read_text(encoding="utf-8").startswith("#!/bin/bash"):
            problems.append(f"{script}: does not start with #!/bin/bash")
        else:
            print(f"parsed {script.relative_to(source)}")
    for p in problems:
        print("FAILED: " + p)
    return 1 if problems else 0


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    mode, source = sys.argv[1], pathlib.Path(sys.argv[2])
    if mode == "yaml":
        return check_yaml(source)
    if mode == "units" and len(sys.argv) == 4:
        return check_units(source, sys.argv[3])
    if mode == "scripts":
        return check_scripts(source)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
