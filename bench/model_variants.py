"""What a trained model folder buys on held-out gold: patterns alone, model alone and combined, side by side.

The gold texts (one half of them with ``--half``) are coded once up to the events
stage; each variant of the learned stage (with and without the role ranker, the
combination at each ``--sweep`` threshold) then takes them on, and the stages
after it. Scores as ``eventwire eval --cv`` gives them, but for one model trained
elsewhere: train on the tune half, score here on the check half.

    .venv/bin/python bench/model_variants.py ../shared/dev/plv_dev.jsonl --model-dir MODEL --half check \\
        [--sweep 0.3,0.4,0.5,0.6]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from eventwire.settings import Settings
    from eventwire.training import prepare, read_half
    from eventwire.training.crossval import code_variants, format_table, scores_of
    from eventwire.training.folder import quiet_bar

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("gold", type=Path)
    p.add_argument("--model-dir", type=Path, required=True, help="Model folder written by 'eventwire train'.")
    p.add_argument("--half", choices=("tune", "check", "all"), default="check")
    p.add_argument("--sweep", default="", help="Comma-separated thresholds of the combination (default: 0.5).")
    p.add_argument("--json", action="store_true", help="The scores as JSON.")
    args = p.parse_args(argv)
    items = read_half([args.gold], args.half)
    settings = Settings.load()
    examples, _, later = prepare(items, settings, quiet_bar)
    thresholds = tuple(float(t) for t in args.sweep.split(",") if t.strip())
    variants = code_variants([ex.coding for ex in examples], args.model_dir, settings, later, thresholds)
    results = {name: scores_of(items, codings) for name, codings in variants.items()}
    if args.json:
        print(json.dumps({"gold": str(args.gold), "half": args.half, "model_dir": str(args.model_dir),
                          **{k: v.to_json() for k, v in results.items()}}, indent=2))
    else:
        print(format_table(results, f"{args.gold}: {len(items)} texts of the {args.half} half, model {args.model_dir}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
