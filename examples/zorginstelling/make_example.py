"""Generate the fictitious care organisation "Zorginstelling De Linde" (seeded, so the files
are always the same): workforce.csv (one row per employee), teams.csv (a leader survey),
scan_0.csv (the zero measurement of richting, ruimte and ruggensteun per team, scale 1-5) and
scan_1.csv (the same scan 12 months later). Nothing here is real data.

    python examples/zorginstelling/make_example.py
"""

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
# team, size, share theoretical (hbo/wo), leader style, coaching (1-5)
TEAMS = [
    ("Verpleging A", 38, 0.35, "supportive", 3.8), ("Verpleging B", 34, 0.30, "directive", 2.4),
    ("Verpleging C", 30, 0.35, "stimulating", 4.1), ("Thuiszorg Noord", 28, 0.20, "supportive", 3.2),
    ("Thuiszorg Zuid", 26, 0.20, "directive", 2.1), ("Dagbesteding", 18, 0.15, "supportive", 3.5),
    ("Revalidatie", 22, 0.55, "stimulating", 3.9), ("Facilitair", 16, 0.05, "directive", 2.0),
    ("Keuken", 12, 0.05, "supportive", 2.8), ("Behandelaars", 20, 0.90, "stimulating", 4.2),
    ("Staf en HR", 14, 0.80, "supportive", 3.4), ("Nachtdienst", 21, 0.25, "directive", 2.2),
    ("Planning", 3, 0.60, "supportive", 3.0),           # a team of 3: suppressed in outputs
]


def workforce(rng) -> pd.DataFrame:
    rows = []
    for name, size, theoretical, _, _ in TEAMS:
        for _ in range(size):
            rows.append({"team": name,
                         "education": rng.choice(["high", "middle", "low"],
                                                 p=[theoretical, (1 - theoretical) * 0.75,
                                                    (1 - theoretical) * 0.25]),
                         "age": int(np.clip(rng.normal(44, 12), 18, 67)),
                         "contract": "flex" if rng.random() < 0.18 else "permanent",
                         "care": "yes" if rng.random() < 0.4 else "no",
                         "hours": int(rng.choice([16, 20, 24, 28, 32, 36])),
                         "tenure": round(float(rng.exponential(8)), 1)})
    frame = pd.DataFrame(rows).sample(frac=1.0, random_state=1).reset_index(drop=True)
    frame.insert(0, "id", [f"P{i:04d}" for i in rng.permutation(len(frame)) + 1])
    return frame


def scans(rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    first, later = [], []
    for name, _, _, style, coaching in TEAMS:
        base = {"supportive": 3.1, "directive": 2.5, "stimulating": 3.5}[style]
        r0 = {"team": name,
              "richting": round(base + rng.normal(0, 0.2), 1),
              "ruimte": round(base + (0.3 if style == "stimulating" else -0.3 * (style == "directive"))
                              + rng.normal(0, 0.2), 1),
              "ruggensteun": round(0.5 * base + 0.4 * coaching + rng.normal(0, 0.2), 1)}
        first.append(r0)
        # a year later: some teams moved, some did not (the plan worked unevenly)
        move = {"Verpleging C": 0.6, "Revalidatie": 0.4, "Thuiszorg Zuid": -0.5,
                "Nachtdienst": -0.4}.get(name, 0.0)
        later.append({"team": name, "month": 12,
                      **{k: round(float(np.clip(r0[k] + move + rng.normal(0, 0.1), 1, 5)), 1)
                         for k in ("richting", "ruimte", "ruggensteun")}})
    return pd.DataFrame(first), pd.DataFrame(later)


def main(out: Path = HERE) -> None:
    rng = np.random.default_rng(20261126)
    workforce(rng).to_csv(out / "workforce.csv", index=False, lineterminator="\n")
    pd.DataFrame([{"team": t, "leader_style": s, "coaching": c} for t, _, _, s, c in TEAMS]
                 ).to_csv(out / "teams.csv", index=False, lineterminator="\n")
    first, later = scans(rng)
    first.to_csv(out / "scan_0.csv", index=False, lineterminator="\n")
    later.to_csv(out / "scan_1.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
