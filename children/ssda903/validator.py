"""Running the DfE-rules SSDA903 validator (csc-validator-be-903).

It pins pandas<2 and numpy<1.25, so it lives in its own virtual environment,
made by ``../shared/tools/setup-validator903`` run from the project root (which
creates ``.venv-903`` there), and is called as a subprocess. The environment
variables VSH_VALIDATOR903_PYTHON and VSH_VALIDATOR903_SCRIPT point elsewhere.
"""

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

VENV_DIR = ".venv-903"
SCRIPT = Path("shared", "tools", "validate903.py")


def validator_python() -> Path:
    """The validator venv's interpreter (it may not exist)."""
    override = os.environ.get("VSH_VALIDATOR903_PYTHON")
    if override:
        return Path(override)
    return Path(settings.BASE_DIR) / VENV_DIR / "bin" / "python"


def validator_script() -> Path:
    override = os.environ.get("VSH_VALIDATOR903_SCRIPT")
    if override:
        return Path(override)
    return Path(settings.BASE_DIR).parent / SCRIPT


def missing_parts() -> list[str]:
    """What is missing to run the validator, in words; empty when it can run."""
    missing = []
    python, script = validator_python(), validator_script()
    if not python.exists():
        missing.append(
            f"no validator environment at {python} "
            f"(run `bash ../shared/tools/setup-validator903` in {settings.BASE_DIR})"
        )
    if not script.exists():
        missing.append(f"no validator script at {script}")
    return missing


@dataclass
class ValidatorRun:
    command: list[str]
    returncode: int
    output: str
    errors: int  # the validator's `903 errors: N`; -1 when it could not run

    @property
    def last_line(self) -> str:
        lines = self.output.strip().splitlines()
        return lines[-1] if lines else ""


def run_validator(
    directory: str | Path,
    year: int,
    *,
    previous: str | Path | None = None,
    la: str | None = None,
    timeout: int = 300,
) -> ValidatorRun:
    command = [
        str(validator_python()),
        str(validator_script()),
        str(directory),
        str(year),
        "--la",
        la or settings.AUTHORITY_ONS_CODE,
    ]
    if previous:
        command += ["--prev", str(previous)]
    # Its dependencies may leave log files in the working directory: give them a
    # scratch one.
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(  # noqa: S603 (fixed interpreter and script, no shell)
            command, capture_output=True, text=True, timeout=timeout, check=False, cwd=scratch
        )
    output = done.stdout + (("\n" + done.stderr) if done.stderr else "")
    errors = -1
    lines = done.stdout.strip().splitlines()
    if lines and lines[-1].startswith("903 errors: "):
        errors = int(lines[-1].removeprefix("903 errors: "))
    return ValidatorRun(command, done.returncode, output, errors)
