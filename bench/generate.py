"""Large synthetic data for benchmarks: the demo authority at any size, with a
year of weekly attendance, termly attainment, suspensions and four terms of PEPs.

    .venv/bin/python bench/generate.py --children 5000 [--seed S] [--flush]

It seeds the database the settings point at (DJANGO_SETTINGS_MODULE, default
vsh.settings.dev; VSH_VAR_DIR or DATABASE_URL), exactly as `manage.py seed_demo`
does, and says how long it took.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vsh.settings.dev")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--flush", action="store_true", help="Replace existing demo data.")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("seed_demo", children=args.children, seed=args.seed, flush=args.flush)
    print(f"Total: {time.monotonic() - started:.1f} s for {args.children} children")


if __name__ == "__main__":
    main()
