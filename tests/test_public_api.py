import whimbrel


def test_all_names_exist_and_nothing_else_is_public():
    for name in whimbrel.__all__:
        assert hasattr(whimbrel, name), name
    public = {n for n in dir(whimbrel) if not n.startswith("_")} - set(whimbrel.__all__)
    # submodules are importable but not part of the flat API
    modules = {n for n in public if type(getattr(whimbrel, n)).__name__ == "module"}
    assert public - modules == set()


def test_version_is_a_string():
    assert whimbrel.__version__.count(".") == 2


def test_settings_are_documented_in_readme_and_config():
    from whimbrel.config import REPO_ROOT, Settings

    readme = (REPO_ROOT / "README.md").read_text()
    import whimbrel.config as config

    for name in Settings.names():
        assert name in config.__doc__, name
        assert f"WHIMBREL_{name.upper()}" in readme, name


def test_open_is_public_and_importing_whimbrel_stays_light():
    import subprocess
    import sys

    assert "open" in whimbrel.__all__ and callable(whimbrel.open)
    # the query helpers (DuckDB, Arrow, pandas) load on whimbrel.open(), not on `import whimbrel`
    code = "import sys, whimbrel; print(sorted(m for m in ('duckdb', 'pandas', 'pyarrow', 'fastapi') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
