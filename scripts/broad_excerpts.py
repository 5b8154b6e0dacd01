#!/usr/bin/env python3
"""Cut the short BROAD excerpts committed under Fixtures/imu-traces/broad/ from the full trials.

Usage: scripts/broad_excerpts.py [BROAD_DIR] [OUT_DIR]
(defaults: the shared/broad folder beside the package root, and Fixtures/imu-traces/broad).
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


def main():
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
