"""The built wheel works on its own: installed into a fresh venv, run from outside the tree.

hatchling leaves top-level packages out unless they are listed, and the tests
would still pass from the source tree; only an installed wheel shows it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # No isolation: the build backend is already installed and there may be no network.
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, ROOT, cwd=ROOT)
    (found,) = out.glob("okr_tui-*.whl")
    return found


def test_the_wheel_holds_the_packages_and_the_sample_workspaces(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in ("okr_tui", "screens", "widgets"):
        assert f"{package}/__init__.py" in names
    assert "screens/home.py" in names and "screens/home.tcss" in names
    assert "okr_tui/app.tcss" in names and "widgets/gauge.py" in names
    samples = sorted(p.name for p in (ROOT / "sample_data").glob("*") if p.is_file())
    assert samples, "sample_data holds at least its README"
    for name in samples:
        assert f"okr_tui/sample_data/{name}" in names
    for name in (p.name for p in (ROOT / "sample_data").glob("*.json")):
        assert f"okr_tui/sample_data/{name}" in names
    specs = sorted(p.name for p in (ROOT / "okr_tui" / "sample_specs").glob("*.toml"))
    assert specs, "each sample's story is a spec in okr_tui/sample_specs"
    for name in specs:
        assert f"okr_tui/sample_specs/{name}" in names
    # The Chinese catalog, compiled: gettext reads the .mo, never the .po.
    assert "okr_tui/locale/zh/LC_MESSAGES/okr_tui.mo" in names


def test_the_installed_wheel_runs_from_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
        ).strip()
    )
    # The dependencies come from this environment, read-only and after the venv's own
    # packages; its editable install of okr-tui is not seen (.pth files there are not run).
    (site / "installed_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "--quiet",
        wheel,
        cwd=tmp_path,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "OKR_DB")}
    env["HOME"] = str(tmp_path / "home")
    help_text = run(env_dir / "bin" / "okr", "--help", cwd=outside, env=env)
    assert "usage: okr" in help_text
    chinese = run(env_dir / "bin" / "okr", "--lang", "zh", "--help", cwd=outside, env=env)
    assert "工作区文件" in chinese
    where = run(
        python,
        "-c",
        "import okr_tui, okr_tui.app, screens, screens.home, screens.help, widgets, "
        "widgets.gauge, widgets.badges\n"
        "print(okr_tui.__file__); print(screens.__file__); print(widgets.__file__)",
        cwd=outside,
        env=env,
    )
    for line in where.split():
        assert Path(line).is_relative_to(env_dir), f"imported from {line}, not the wheel"
    # Each sample builds from the specs in the wheel, the same as the copy it bundles.
    rebuilt = run(
        python,
        "-c",
        "from pathlib import Path\n"
        "from okr_tui import samples\n"
        "for name in samples.SAMPLES:\n"
        "    fresh = samples.build(name, Path(name + '.json'), samples.ANCHOR)\n"
        "    print(name, fresh.read_bytes() == samples.bundled_path(name).read_bytes())\n",
        cwd=outside,
        env=env,
    )
    assert rebuilt.split() == [
        "teebee",
        "True",
        "ued",
        "True",
        "personal",
        "True",
        "teebee-zh",
        "True",
    ]
