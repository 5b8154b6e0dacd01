#!/usr/bin/env python3
"""VQF's own 6D inclination RMSE on converted BROAD trials: the reference figures the full-table test holds rollmon to.

Usage: scripts/broad_vqf_reference.py TRIAL_DIR [--pure-python]
TRIAL_DIR holds `<trial>.csv` (rollmon-trace 1) and `<trial>.ref.csv` as written by `scripts/broad_excerpts.py --all`.
Runs VQF (D. Laidig, T. Seel, "VQF: Highly accurate IMU orientation estimation with bias estimation and magnetic
disturbance rejection", Information Fusion 91, 2023) with its default parameters, 6D (gyro + accelerometer), online
(`updateBatch`, each output from past samples only), on exactly the samples rollmon reads, and scores it with the
rule of `scripts/score_orientation.py`. Prints `trial,vqf_inclination_rmse_deg` rows.
Needs the authors' `vqf` package from PyPI (`pip install vqf`; its `VQF` class, C++ core). `--pure-python` uses the
same package's `PyVQF` instead (the authors' numpy reference implementation: the same figures, ~100x slower).
Analysis only; nothing in the product depends on this script or on `vqf`.
"""
import os
import sys

import numpy as np

from score_orientation import inclination_rmse_deg, load


def load_trace(path):
    with open(path) as f:
        rows = [line for line in f if not line.startswith("#")]
    return np.genfromtxt(rows, delimiter=",", names=True)


def vqf_rmse_deg(trace_path, ref_path, filter_class):
    trace = load_trace(trace_path)
    gyr = np.ascontiguousarray(np.stack([trace[k] for k in ("gx", "gy", "gz")], axis=1))
    acc = np.ascontiguousarray(np.stack([trace[k] for k in ("ax", "ay", "az")], axis=1))
    sample_seconds = float(np.median(np.diff(trace["t"])))
    quat = filter_class(sample_seconds).updateBatch(gyr, acc)["quat6D"]
    est = np.zeros(len(quat), dtype=[(k, float) for k in ("t", "qw", "qx", "qy", "qz")])
    est["t"] = trace["t"]
    est["qw"], est["qx"], est["qy"], est["qz"] = quat.T
    return inclination_rmse_deg(est, load(ref_path))


def main(args):
    if not args or args[0].startswith("-"):
        raise SystemExit(__doc__)
    if "--pure-python" in args:
        from vqf import PyVQF as filter_class
    else:
        from vqf import VQF as filter_class
    trial_dir = args[0]
    trials = sorted(n[:-4] for n in os.listdir(trial_dir) if n.endswith(".csv") and not n.endswith(".ref.csv"))
    print("trial,vqf_inclination_rmse_deg")
    for trial in trials:
        rmse = vqf_rmse_deg(os.path.join(trial_dir, trial + ".csv"), os.path.join(trial_dir, trial + ".ref.csv"),
                            filter_class)
        print(f"{trial},{rmse:.4f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
