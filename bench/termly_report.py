"""How long the head's termly report takes, and how much memory it needs.

    .venv/bin/python bench/termly_report.py [--children 250] [--runs 5]

Seeds a demo authority of --children children in a throwaway SQLite database, then,
as the head, builds the report's figures and renders the PDF --runs times in one
process, as a web worker would. It prints the median time to gather the figures
(with the number of queries), to render the PDF, the CPU time per report, the
PDF's size and pages, and the peak resident memory of the process.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=250)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", help="Write the last PDF here.")
    args = parser.parse_args(argv)

    os.environ["VSH_VAR_DIR"] = tempfile.mkdtemp(prefix="vsh-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vsh.settings.dev")

    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.core.management import call_command
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from vsh.accounts.models import User
    from vsh.accounts.roles import Role
    from vsh.core.pdf import render_pdf
    from vsh.core.termly_report import report_context

    call_command("migrate", verbosity=0)
    call_command("seed_demo", children=args.children, verbosity=0, stdout=open(os.devnull, "w"))
    head = User.objects.get(role=Role.HEAD)

    gather, render, cpu, queries, content = [], [], [], 0, b""
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            context = report_context(head)
        gathered = time.perf_counter()
        content = render_pdf(render_to_string("core/pdf/termly_report.html", context))
        gather.append(gathered - started)
        render.append(time.perf_counter() - gathered)
        cpu.append(time.process_time() - started_cpu)
        queries = len(captured)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if args.out:
        Path(args.out).write_bytes(content)
    print(f"{args.children} children: PDF {len(content) / 1024:.0f} KiB")
    print(f"Figures: median {statistics.median(gather):.3f} s in {queries} queries")
    print(
        f"PDF: median {statistics.median(render):.3f} s, first {render[0]:.3f} s, "
        f"fastest {min(render):.3f} s"
    )
    print(f"CPU time per report: median {statistics.median(cpu):.3f} s")
    print(f"Peak RSS: {peak_mb:.0f} MB (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
