#!/usr/bin/env python3
"""Checks of a rendered kustomization that no schema catches, and a pod run as the kubelet would.

  k8s.py check RENDERED.yaml
      the NetworkPolicy selects every eiam-sync pod and no other pod of the namespace; the
      PodDisruptionBudget lets unhealthy pods be evicted; the CronJob names its time zone (the
      systemd timer's); secrets reach the pods as files eiam-sync reads itself (no PGPASSFILE).
  k8s.py pod --bin BIN [--env K=V ...] RENDERED.yaml -- ARGS...
      run BIN ARGS the way the Deployment's container would: its env, its ConfigMap and Secret
      files laid out with the modes and group the kubelet gives them (fsGroup turns a Secret's
      files 0440, group fsGroup), as its uid, gid and supplementary fsGroup. Mount paths are
      moved under a temporary root (and rewritten in the env, the arguments and the ConfigMap's
      files). Exits with the command's code.
"""
import argparse
import base64
import os
import re
import subprocess
import sys
import tempfile

import yaml


def load(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def one(docs, kind):
    found = [d for d in docs if d["kind"] == kind]
    if len(found) != 1:
        sys.exit(f"expected one {kind}, found {len(found)}")
    return found[0]


def selects(selector, labels):
    """Whether a LabelSelector selects a pod with `labels` (an empty selector selects all)."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def pod_templates(docs):
    for d in docs:
        if d["kind"] == "Deployment":
            yield d["metadata"]["name"], d["spec"]["template"]
        elif d["kind"] == "CronJob":
            yield d["metadata"]["name"], d["spec"]["jobTemplate"]["spec"]["template"]


def check(path):
    docs = load(path)
    problems = []
    policy = one(docs, "NetworkPolicy")
    selector = policy["spec"].get("podSelector") or {}
    for name, template in pod_templates(docs):
        if not selects(selector, template["metadata"].get("labels") or {}):
            problems.append(f"the NetworkPolicy does not select the pods of {name}")
    # A database in the same namespace, as the guide's example puts one there.
    foreign = {"app.kubernetes.io/name": "postgresql", "app.kubernetes.io/instance": "state-db"}
    if selects(selector, foreign):
        problems.append(f"the NetworkPolicy's podSelector {selector} also selects other pods "
                        "of the namespace (a PostgreSQL there loses its ingress)")
    pdb = one(docs, "PodDisruptionBudget")
    if pdb["spec"].get("unhealthyPodEvictionPolicy") != "AlwaysAllow":
        problems.append("the PodDisruptionBudget lacks unhealthyPodEvictionPolicy: AlwaysAllow "
                        "(a state-store outage makes every pod unready and blocks node drains)")
    cron = one(docs, "CronJob")
    if cron["spec"].get("timeZone") != "Etc/UTC":
        problems.append("the drift CronJob does not run in Etc/UTC like the systemd timer")
    for name, template in pod_templates(docs):
        spec = template["spec"]
        for c in spec["containers"]:
            env = {e["name"] for e in c.get("env") or []}
            if "PGPASSFILE" in env:
                problems.append(f"{name} passes passwords through PGPASSFILE, which libpq and "
                                "sqlx ignore once fsGroup makes the file group-readable")
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print("ok: NetworkPolicy, PodDisruptionBudget, CronJob and secret files")


def pod(path, binary, extra_env, args):
    os.umask(0o022)  # the directories the kubelet makes are traversable whatever our umask
    docs = load(path)
    deployment = one(docs, "Deployment")
    spec = deployment["spec"]["template"]["spec"]
    container = spec["containers"][0]
    security = spec.get("securityContext") or {}
    uid, gid = security.get("runAsUser", 0), security.get("runAsGroup", 0)
    fs_group = security.get("fsGroup")
    by_kind_name = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    volumes = {v["name"]: v for v in spec.get("volumes") or []}
    root = tempfile.mkdtemp(prefix="eiam-sync-pod-")
    os.chmod(root, 0o755)
    mounts = sorted(container.get("volumeMounts") or [], key=lambda m: len(m["mountPath"]))

    paths = sorted((m["mountPath"] for m in mounts), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, paths)) + r")(?![\w.-])")

    def moved(text):
        # One pass, so a path once moved under the root is not moved again.
        return pattern.sub(lambda m: root + m.group(1), text) if paths else text

    for m in mounts:
        target = root + m["mountPath"]
        os.makedirs(target, exist_ok=True)
        volume = volumes[m["name"]]
        files, mode, rewrite = {}, 0o644, False
        if "configMap" in volume:
            cm = by_kind_name[("ConfigMap", volume["configMap"]["name"])]
            files = {k: v.encode() for k, v in (cm.get("data") or {}).items()}
            mode, rewrite = volume["configMap"].get("defaultMode", 0o644), True
        elif "secret" in volume:
            secret = by_kind_name[("Secret", volume["secret"]["secretName"])]
            files = {k: base64.b64decode(v) for k, v in (secret.get("data") or {}).items()}
            mode = volume["secret"].get("defaultMode", 0o644)
        elif "emptyDir" in volume:
            os.chmod(target, 0o777)
        if fs_group is not None:
            # The kubelet's SetVolumeOwnership: group fsGroup, and read-only volumes (Secrets,
            # ConfigMaps) gain group read whatever defaultMode said.
            os.chown(target, 0, fs_group)
            mode |= 0o440
        for key, data in files.items():
            file = os.path.join(target, key)
            with open(file, "wb") as f:
                f.write(moved(data.decode()).encode() if rewrite else data)
            os.chown(file, 0, fs_group if fs_group is not None else 0)
            os.chmod(file, mode)
    env = {"PATH": "/usr/bin:/bin", "HOME": root + "/tmp"}
    for e in container.get("env") or []:
        env[e["name"]] = moved(e.get("value", ""))
    for item in extra_env:
        key, _, value = item.partition("=")
        env[key] = value
    groups = [str(fs_group)] if fs_group is not None else []
    cmd = ["setpriv", f"--reuid={uid}", f"--regid={gid}",
           "--groups=" + ",".join(groups) if groups else "--clear-groups", "--inh-caps=-all",
           "--", binary] + [moved(a) for a in args]
    result = subprocess.run(cmd, env=env, cwd=root + "/tmp" if os.path.isdir(root + "/tmp") else root)
    subprocess.run(["rm", "-rf", root])
    sys.exit(result.returncode)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check")
    c.add_argument("rendered")
    p = sub.add_parser("pod")
    p.add_argument("rendered")
    p.add_argument("--bin", required=True)
    p.add_argument("--env", action="append", default=[])
    p.add_argument("args", nargs=argparse.REMAINDER)
    a = parser.parse_args()
    if a.command == "check":
        check(a.rendered)
    else:
        args = a.args[1:] if a.args[:1] == ["--"] else a.args
        pod(a.rendered, a.bin, a.env, args)


if __name__ == "__main__":
    main()
