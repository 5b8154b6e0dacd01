#!/usr/bin/env python3
"""Cut the short BROAD excerpts committed under Fixtures/imu-traces/broad/ from the full trials.

Usage: scripts/broad_excerpts.py [BROAD_DIR] [OUT_DIR]
(defaults: the shared/broad folder beside the package root, and Fixtures/imu-traces/broad).

       scripts/broad_excerpts.py --all MAT_DIR OUT_DIR [--gyro-lsb-per-dps LSB]
converts every BROAD trial `NN_name.mat` in MAT_DIR (the `data_mat/` folder of github.com/dlaidig/broad) to a
rollmon trace `NN_name.csv` (6D: accelerometer + gyro only) and its reference `NN_name.ref.csv`, in the same format
as the five trials in shared/broad (byte for byte: `--all` on those five trials reproduces them). Needs numpy + scipy.
With --gyro-lsb-per-dps the gyro is written as a 16-bit part at that sensitivity would have reported it: rounded to
its code and clipped at codes -32768 / +32767 (e.g. 32.8: an MPU-6050 at +-1000 dps, rail 999.0 dps, which BROAD's
fast trials exceed) -- real motion, really clipped, with the true orientation still known.
The converted trials are large (about 6 MB each with the reference, 190 MB for 30): keep OUT_DIR outside the repository.
Each excerpt keeps a few seconds of rest before the motion starts, so an estimator started at the excerpt's first
row can initialise its inclination and learn the gyro bias before the scored motion (movement = 1) begins.
Rows are copied verbatim (no resampling, no rounding); times keep the trial's own origin.
"""
import os
import sys

# (trial, first t kept, end t exclusive): 28 s each, about 6 s of rest then 22 s of scored motion.
EXCERPTS = [
    ("07_undisturbed_fast_rotation_B", 20.0, 48.0),
    ("16_undisturbed_fast_translation_B", 28.0, 56.0),
]


def cut(src, dst, t0, t1, extra_comment):
    with open(src) as f, open(dst, "w") as out:
        header_done = False
        for line in f:
            if not header_done:
                if line.startswith("#"):
                    out.write(line)
                    continue
                if extra_comment:
                    out.write(extra_comment)
                out.write(line)
                header_done = True
                continue
            t = float(line.split(",", 1)[0])
            if t0 <= t < t1:
                out.write(line)


def convert_mat(mat_path, out_dir, gyro_lsb_per_dps=None):
    """One BROAD .mat trial -> `<trial>.csv` (rollmon-trace 1) and `<trial>.ref.csv`. Field names and units as the
    file's own `info` text states: imu_acc m/s^2, imu_gyr rad/s, opt_quat (w,x,y,z) sensor-to-ENU, movement flag,
    sampling_rate in Hz. The magnetometer is not written (rollmon is 6D)."""
    import numpy as np
    import scipy.io as spio

    trial = os.path.splitext(os.path.basename(mat_path))[0]
    data = spio.loadmat(mat_path)
    rate_hz = float(data["sampling_rate"].item())
    acc, gyr = data["imu_acc"], data["imu_gyr"]
    if gyro_lsb_per_dps:
        code_rad_s = np.pi / 180 / gyro_lsb_per_dps
        gyr = np.clip(np.round(gyr / code_rad_s), -32768, 32767) * code_rad_s
    quat, movement = data["opt_quat"], data["movement"].reshape(-1)
    t = np.arange(len(acc)) / rate_hz
    with open(os.path.join(out_dir, trial + ".csv"), "w") as out:
        out.write("# rollmon-trace 1\n")
        out.write(f"# source: BROAD (Laidig, Caruso, Cereatti, Seel; Data 2021; CC BY 4.0) trial {trial}\n")
        out.write(f"# rate_hz: {rate_hz:.6f}\n")
        out.write("t,ax,ay,az,gx,gy,gz\n")
        for i in range(len(t)):
            a, g = acc[i], gyr[i]
            out.write(f"{t[i]:.6f},{a[0]:.6f},{a[1]:.6f},{a[2]:.6f},{g[0]:.7f},{g[1]:.7f},{g[2]:.7f}\n")
    with open(os.path.join(out_dir, trial + ".ref.csv"), "w") as out:
        out.write("t,qw,qx,qy,qz,movement\n")
        for i in range(len(t)):
            q = quat[i]
            out.write(f"{t[i]:.6f},{q[0]:.7f},{q[1]:.7f},{q[2]:.7f},{q[3]:.7f},{int(movement[i])}\n")
    return trial


def convert_all(mat_dir, out_dir, gyro_lsb_per_dps=None):
    os.makedirs(out_dir, exist_ok=True)
    names = sorted(n for n in os.listdir(mat_dir) if n.endswith(".mat"))
    if not names:
        raise SystemExit(f"no .mat trials in {mat_dir}")
    for name in names:
        print("wrote", convert_mat(os.path.join(mat_dir, name), out_dir, gyro_lsb_per_dps))


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "--all":
        if len(sys.argv) == 6 and sys.argv[4] == "--gyro-lsb-per-dps":
            convert_all(sys.argv[2], sys.argv[3], float(sys.argv[5]))
        elif len(sys.argv) == 4:
            convert_all(sys.argv[2], sys.argv[3])
        else:
            raise SystemExit(__doc__)
        return
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    broad = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(root), "shared", "broad")
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "Fixtures", "imu-traces", "broad")
    os.makedirs(out_dir, exist_ok=True)
    for trial, t0, t1 in EXCERPTS:
        name = f"{trial}_{int(t0)}-{int(t1)}s"
        note = f"# excerpt: t in [{t0:g}, {t1:g}) s of BROAD trial {trial}\n"
        cut(os.path.join(broad, trial + ".csv"), os.path.join(out_dir, name + ".csv"), t0, t1, note)
        cut(os.path.join(broad, trial + ".ref.csv"), os.path.join(out_dir, name + ".ref.csv"), t0, t1, None)
        print("wrote", name)


if __name__ == "__main__":
    main()
