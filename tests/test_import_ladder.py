"""No module imports from a higher rung of the ladder (DESIGN.md "Layout and import ladder")."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1] / "lamina"

RUNGS = {
    "config": 1,
    "_registry": 1,
    "utils": 1,
    "version": 1,
    "dtype_policies": 1,
    "tree": 1,
    "core": 2,
    "backend": 2,
    "ops": 3,
    "random": 3,
    "activations": 4,
    "initializers": 4,
    "regularizers": 4,
    "constraints": 4,
    "losses": 5,
    "metrics": 5,
    "optimizers": 5,
    "layers": 6,
    "callbacks": 7,
    "data": 7,
    "trainers": 8,
    "models": 9,
    "saving": 10,
    "visualization": 10,
    "mixed_precision": 10,
}


def _rung(module: str):
    parts = module.split(".")
    if parts[0] != "lamina" or len(parts) == 1:
        return None
    return RUNGS.get(parts[1])


def _module_name(path: pathlib.Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "lamina":
                for alias in node.names:
                    yield f"lamina.{alias.name}", node.lineno
            else:
                yield node.module, node.lineno


def test_no_upward_imports():
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        module = _module_name(path)
        if (
            module == "lamina"
            or path.name == "__init__.py"
            and module.count(".") == 1
            and _rung(module) == 1
        ):
            continue  # the top-level package and lazy public namespaces only re-export
        own = _rung(module)
        assert own is not None, f"{module} is not on the ladder: add its package to RUNGS"
        for imported, line in _imports(ast.parse(path.read_text())):
            other = _rung(imported)
            if other is not None and other > own:
                problems.append(
                    f"{path.relative_to(ROOT.parent)}:{line} imports {imported} "
                    f"(rung {other}) from rung {own}"
                )
    assert not problems, "\n".join(problems)
