"""whimbrel.imports.import_sparing: a library imported while one of its dependencies is a stand-in."""

import subprocess
import sys


def _run(tmp_path, code: str) -> str:
    (tmp_path / "heavy").mkdir()
    (tmp_path / "heavy" / "__init__.py").write_text("IMPORTED = True\n")
    (tmp_path / "heavy" / "tools.py").write_text("def double(x):\n    return 2 * x\n")
    (tmp_path / "light.py").write_text("from heavy.tools import double\n\ndef quadruple(x):\n    return double(double(x))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_the_spared_module_is_imported_only_when_its_function_is_called(tmp_path):
    code = ("import sys\nfrom whimbrel.imports import import_sparing\n"
            "light = import_sparing('light', {'heavy.tools': ('double',)})\n"
            "print('heavy.tools' in sys.modules, light.quadruple(3), 'heavy.tools' in sys.modules)\n"
            "import heavy.tools\nprint(heavy.tools.double(5), hasattr(heavy.tools, '__file__'))\n")
    assert _run(tmp_path, code).split() == ["False", "12", "True", "10", "True"]


def test_a_module_already_imported_is_neither_replaced_nor_imported_again(tmp_path):
    code = ("import heavy.tools\nfrom whimbrel.imports import import_sparing\n"
            "light = import_sparing('light', {'heavy.tools': ('double',)})\n"
            "print(light.double is heavy.tools.double, import_sparing('light', {}) is light)\n")
    assert _run(tmp_path, code).split() == ["True", "True"]
