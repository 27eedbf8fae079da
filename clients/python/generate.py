"""Generate ``pinbridge_api`` from ../../openapi.yaml, or check the committed copy is what the spec makes.

    python clients/python/generate.py            regenerate clients/python/pinbridge_api in place
    python clients/python/generate.py --check    regenerate into a temporary folder and diff (exit 1 on drift)
    python clients/python/generate.py --check --spec OTHER.yaml   the same against another spec

Runs openapi-python-client (pinned in backend/pyproject.toml's test extra) with the interpreter
running this script; it works offline. The hand-written layer lives in ``pinbridge_client`` and is
never touched here.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = HERE.parent.parent / "openapi.yaml"
CONFIG = HERE / "generator-config.yaml"
PACKAGE = "pinbridge_api"


def generate(spec: Path, output: Path) -> None:
    """Write the generated package for ``spec`` at ``output`` (which must not exist)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(spec)]
    command += ["--config", str(CONFIG), "--meta", "none", "--output-path", str(output), "--fail-on-warning"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not output.is_dir():
        raise SystemExit(f"openapi-python-client failed:\n{result.stdout}{result.stderr}")
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` by relative path (caches left out)."""
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and ".ruff_cache" not in path.parts
    }


def drift(expected: Path, committed: Path) -> list[str]:
    """A unified diff of what the spec produces against the committed package; empty when equal."""
    want, have = tree(expected), tree(committed)
    lines: list[str] = []
    for name in sorted(set(want) | set(have)):
        if want.get(name) != have.get(name):
            lines += difflib.unified_diff(
                have.get(name, "").splitlines(keepends=True),
                want.get(name, "").splitlines(keepends=True),
                f"committed/{name}",
                f"generated/{name}",
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="diff against the committed package, change nothing")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the OpenAPI document (default: the repository's)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / PACKAGE
        generate(args.spec.resolve(), fresh)
        if args.check:
            diff = drift(fresh, HERE / PACKAGE)
            if diff:
                sys.stdout.writelines(diff[:400])
                print(f"\n{PACKAGE} differs from what {args.spec} produces: run python clients/python/generate.py")
                return 1
            print(f"{PACKAGE} matches {args.spec}")
            return 0
        shutil.rmtree(HERE / PACKAGE, ignore_errors=True)
        shutil.copytree(fresh, HERE / PACKAGE)
    print(f"wrote {HERE / PACKAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
