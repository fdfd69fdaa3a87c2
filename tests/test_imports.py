"""No import circles between eventwire's modules, and no import against the arrows of the design.

Every module's imports are read with ``ast``: at the top, inside functions and
under ``TYPE_CHECKING`` alike, since an import that runs late still ties the two
modules together.

The layers, lowest first. A module may import modules of its own layer and of
the layers below it, never above:

- ``errors``, ``batches``: depend on nothing of ours.
- ``extras``: which optional extra brings which library; any layer may ask it.
- ``records``: the typed records every stage passes on; nothing of ours but
  the two above.
- ``settings``.
- ``knowledge``: readers of the coding knowledge that several stages share.
- ``interop``: PETRARCH/TABARI formats, read into and written from that knowledge.
- ``stages``: first the package itself (the ``Stage`` protocol every stage
  follows) and ``stages.docs`` (the views of a parsed Doc that every stage
  reads), then the stages in pipeline order, as DESIGN.md draws them:
  ingest < parse < actors < events < learned < attribution < dates < places. A stage
  may read what an earlier stage adds, never a later one.
- ``pipeline``: builds the stages and runs them in order.
- ``store``: DuckDB, dedup, export; it stores records and never codes.
- ``scale``: the worker pool and Spark; they run the pipeline and write the
  store's tables, so they sit above both.
- ``corpus``: the job that codes a corpus into a store; it drives the
  pipeline, the store and the worker pool, so it sits above all three (the
  design has ``pipeline`` both run the stages and code a corpus; one module
  could not, since the worker pool it needs builds pipelines itself).
- ``api``, ``component``: the Python API (texts or files in, events out) and
  the spaCy component; they run the pipeline, the job and the store.
- ``evaluation``: scores the pipeline against gold sets.
- ``training``: trains a model folder on gold sets and cross-validates it; it
  reads gold through ``evaluation`` and codes through the pipeline.
- ``serve``: the API and the dashboard read the store only. Besides the layer
  rule they may import nothing but ``SERVE_READS`` (no stage, pipeline,
  worker pool or job: the app is given its ingest function).
- ``cli``: the commands, which may use everything.
- ``eventwire`` (the package, which re-exports the public API) and
  ``__main__``. Since every import of any eventwire module runs the package
  first, it imports at module level only what ``FACADE_IMPORTS`` lists and the
  rest when first asked for.

``KNOWN_VIOLATIONS`` lists the imports against these arrows that are still in
the code, and ``KNOWN_CIRCLES`` the import circles; the tests want each to equal
what they find, so whoever removes one deletes its entry too, and a new one
fails. A circle across layers always runs through an import against the
arrows; a circle within one layer (two modules of a stage needing each other)
is found all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("eventwire.errors", "eventwire.batches"),
    ("eventwire.extras",),
    ("eventwire.records",),
    ("eventwire.settings",),
    ("eventwire.knowledge",),
    ("eventwire.interop",),
    ("eventwire.stages", "eventwire.stages.docs"),
    ("eventwire.stages.ingest",),
    ("eventwire.stages.dateline",),
    ("eventwire.stages.parse",),
    ("eventwire.stages.actors",),
    ("eventwire.stages.events",),
    ("eventwire.stages.learned",),
    ("eventwire.stages.attribution",),
    ("eventwire.stages.dates",),
    ("eventwire.stages.places",),
    ("eventwire.pipeline",),
    ("eventwire.store",),
    ("eventwire.scale",),
    ("eventwire.corpus",),
    ("eventwire.api", "eventwire.component"),
    ("eventwire.evaluation",),
    ("eventwire.training",),
    ("eventwire.serve",),
    ("eventwire.cli",),
    ("eventwire", "eventwire.__main__"),
)
# Layer names that stand for one module only, not a package of them.
EXACT = frozenset({"eventwire", "eventwire.stages"})
SERVE_READS = ("eventwire.errors", "eventwire.records", "eventwire.knowledge", "eventwire.store", "eventwire.serve")
FACADE_IMPORTS = frozenset({"eventwire.errors", "eventwire.records", "eventwire.settings"})

KNOWN_VIOLATIONS: set[tuple[str, str]] = set()
# Circles still in the code, each as the set of its modules (a type-only import is still a tie between two modules).
KNOWN_CIRCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "eventwire").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _owner(name: str) -> str:
    """The module an imported name lives in: the name itself, or the nearest module that contains it."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def _imported(module: str, node: ast.AST) -> list[str]:
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    if isinstance(node, ast.Import):
        return [_owner(a.name) for a in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, *([base] if base else [])])
        # "from eventwire.stages import places" imports a module; "from eventwire.records import Article" a name.
        return [_owner(f"{base}.{a.name}") if f"{base}.{a.name}" in MODULES else _owner(base) for a in node.names]
    return []


def imports(module: str, top_level_only: bool = False) -> set[str]:
    """The eventwire modules a module imports, anywhere in it (or only at module level)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"), filename=str(MODULES[module]))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = {name for node in nodes for name in _imported(module, node)}
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imports(module) for module in MODULES}


def layer_of(module: str) -> int | None:
    """The index of a module's layer in LAYERS, by its longest matching name; None when it has none."""
    best, best_len = None, -1
    for index, names in enumerate(LAYERS):
        for name in names:
            matches = module == name or (name not in EXACT and module.startswith(name + "."))
            if matches and len(name) > best_len:
                best, best_len = index, len(name)
    return best


def violations() -> set[tuple[str, str]]:
    """Imports from a module to one in a higher layer, and serving imports beyond what it may read."""
    found = set()
    for module, targets in GRAPH.items():
        for target in targets:
            if layer_of(module) is None or layer_of(target) is None:
                continue  # test_every_module_has_a_layer names it
            upward = layer_of(target) > layer_of(module)
            serving_more = module.startswith("eventwire.serve") and not any(
                target == r or target.startswith(r + ".") for r in SERVE_READS)
            if upward or serving_more:
                found.add((module, target))
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of a graph: its strongly connected parts of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_has_a_layer(module):
    assert layer_of(module) is not None, f"{module} is in no layer; place it in LAYERS of {__file__}"


def test_no_import_runs_against_the_arrows_but_the_known_ones():
    found = violations()
    new = sorted(found - KNOWN_VIOLATIONS)
    assert not new, "imports against the layer order (importer -> imported):\n" + "\n".join(f"  {a} -> {b}" for a, b in new)
    gone = sorted(KNOWN_VIOLATIONS - found)
    assert not gone, "no longer in the code; delete from KNOWN_VIOLATIONS:\n" + "\n".join(f"  {a} -> {b}" for a, b in gone)


def test_there_is_no_import_circle_but_the_known_ones():
    allowed = {module: targets - {b for a, b in KNOWN_VIOLATIONS if a == module} for module, targets in GRAPH.items()}
    found = {frozenset(circle) for circle in circles(allowed)}
    assert found == KNOWN_CIRCLES, (f"new circles: {sorted(map(sorted, found - KNOWN_CIRCLES))}; "
                                    f"gone (delete from KNOWN_CIRCLES): {sorted(map(sorted, KNOWN_CIRCLES - found))}")


def test_the_package_imports_only_the_bottom_layers_when_it_is_first_imported():
    assert imports("eventwire", top_level_only=True) <= FACADE_IMPORTS


def test_records_depend_on_nothing_of_ours():
    assert GRAPH["eventwire.records"] <= {"eventwire.errors", "eventwire.batches"}


def test_the_reader_sees_function_level_imports_and_finds_circles():
    # The checks above are only as good as the reader: it must see imports inside functions, and find a circle.
    assert "eventwire.stages.ingest" in GRAPH["eventwire.corpus"]  # imported inside ingest_jsonl
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer_of("eventwire.stages.actors.people") == layer_of("eventwire.stages.actors") > layer_of("eventwire.stages")
    assert layer_of("eventwire.stages.new_stage") is None
