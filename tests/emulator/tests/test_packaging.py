"""pyproject.toml lists every folder of the package that setuptools ships, so that building or installing the
emulator prints no "Package 'iec_emulator.spec' is absent from the `packages` configuration" warning
(issue 13, point 9) and its data files (spec/iec-api.json) are in the wheel."""
import os
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def test_every_folder_with_files_is_a_listed_package():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        setuptools = tomllib.load(f)["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    folders = set()
    for path, dirs, files in os.walk(os.path.join(ROOT, "iec_emulator")):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        if [f for f in files if not f.endswith(".pyc")]:
            folders.add(os.path.relpath(path, ROOT).replace(os.sep, "."))
    assert folders - listed == set()
    for package, patterns in setuptools.get("package-data", {}).items():
        for pattern in patterns:
            assert os.path.exists(os.path.join(ROOT, package.replace(".", os.sep), pattern)), pattern
