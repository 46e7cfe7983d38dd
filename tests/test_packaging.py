"""The wheel holds everything the package reads at run time, and every import is declared.

Building the wheel takes a few seconds (pip builds it in isolation), so the test is `slow`
(CI runs it); CI also installs the wheel in a fresh venv and runs the demo (`./run wheel-smoke`).
"""

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: import name -> distribution name, where they differ
DISTRIBUTIONS = {"yaml": "pyyaml", "vl_convert": "vl-convert-python", "python_calamine":
                 "python-calamine", "multipart": "python-multipart", "ibis": "ibis-framework",
                 "argon2": "argon2-cffi"}
OPTIONAL = {"localwire/facts/portable.py": "ibis"}  # modules of an extra (`portable`)


def tracked_package_files() -> set[str]:
    listed = subprocess.run(["git", "ls-files", "localwire"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    return {name for name in listed if "__pycache__" not in name}


@pytest.mark.slow
def test_the_wheel_holds_every_file_of_the_package(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("localwire-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(tracked_package_files() - inside)
    assert not missing, f"not in the wheel: {missing}"
    data = [name for name in tracked_package_files() if not name.endswith(".py")]
    assert any(name.startswith("localwire/store/migrations/") for name in data)
    assert any(name.startswith("localwire/bundled/datasets/") for name in data)


def test_every_third_party_import_is_a_declared_dependency():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {spec.split("==")[0].split("[")[0].lower()
                for spec in config["project"]["dependencies"]}
    standard = set(sys.stdlib_module_names)
    for path in sorted((ROOT / "localwire").rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                top = (name or "").split(".")[0]
                if not top or top in standard or top in ("localwire", "__future__"):
                    continue
                if OPTIONAL.get(relative) == top:
                    continue
                distribution = DISTRIBUTIONS.get(top, top).replace("_", "-").lower()
                assert distribution in declared, f"{relative} imports {top}, not declared"
