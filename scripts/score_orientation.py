#!/usr/bin/env python3
"""Score estimated orientations against a BROAD-style reference, the way BROAD scores 6D estimates.

Usage: scripts/score_orientation.py EST.csv REF.csv [EST2.csv REF2.csv ...]
EST.csv: `t,qw,qx,qy,qz` (e.g. from `rollmon replay TRACE --orientation-csv EST.csv`), one row per IMU sample.
REF.csv: `t,qw,qx,qy,qz,movement` (NaN where the reference is missing).
Rows are matched by order (both files have one row per IMU sample); times are checked to agree.
Inclination error = 2*acos(sqrt(qe.w^2 + qe.z^2)) with qe = q_est * conj(q_ref) (heading is ignored, since a 6D
estimate has an arbitrary heading); RMSE over rows with movement == 1 and a valid reference. With several pairs the
mean of the per-trial RMSEs is printed last. Analysis only; nothing in the product depends on this script.
"""
import sys

import numpy as np


def load(path):
    return np.genfromtxt(path, delimiter=",", comments="#", names=True)


def inclination_rmse_deg(est, ref):
    if len(est) != len(ref) or not np.allclose(est["t"], ref["t"], atol=1e-5):
        raise SystemExit("estimate and reference rows do not line up")
    qe = np.stack([est[k] for k in ("qw", "qx", "qy", "qz")], axis=1)
    qr = np.stack([ref[k] for k in ("qw", "qx", "qy", "qz")], axis=1)
    # q_err = q_est ⊗ conj(q_ref); only its w and z components are needed.
    w1, x1, y1, z1 = qe.T
    w2, x2, y2, z2 = qr.T
    x2, y2, z2 = -x2, -y2, -z2
    w = w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2
    z = w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2
    err = np.degrees(2 * np.arccos(np.clip(np.sqrt(w * w + z * z), 0, 1)))
    mask = (ref["movement"] == 1) & np.isfinite(qr).all(axis=1)
    return float(np.sqrt(np.mean(err[mask] ** 2)))


def main(args):
    if len(args) < 2 or len(args) % 2:
        raise SystemExit(__doc__)
    rmses = []
    for est_path, ref_path in zip(args[0::2], args[1::2]):
        rmse = inclination_rmse_deg(load(est_path), load(ref_path))
        rmses.append(rmse)
        print(f"{ref_path}: {rmse:.3f} deg")
    if len(rmses) > 1:
        print(f"mean: {np.mean(rmses):.3f} deg")


if __name__ == "__main__":
    main(sys.argv[1:])
