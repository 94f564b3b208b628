"""The storefront's import graph between domains, and the rules DESIGN.md §2 sets for it.

`python -m tests.import_graph` prints each domain with the domains it imports and every rule broken;
tests/unit/test_import_graph.py fails on any. Imports are read from the source (ast), function-level
ones included: an import hidden in a function is still a dependency.
"""
from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "storefront"
# From the ground up (DESIGN.md §2): a domain's models and services may import the domains before it,
# never one after it. Infrastructure modules (the package's own top-level modules: extensions, mail,
# htmx, safety, urls …, and i18n) sit below every domain.
LAYERS = [
    ("i18n",), ("markets",), ("catalog",), ("sellers",), ("payments",), ("accounts",), ("audit",), ("offers",), ("onboarding",), ("decisions",),
    ("cart",), ("orders",), ("checkout",), ("care",), ("quality", "payouts"), ("search", "legal", "home", "site", "demo"),
    # The sellers' API: its tokens and idempotency keys are a domain the portal shows and the jobs prune.
    ("api",), ("jobs",),
    # The staff areas: view layers over the domains (staff is what they share).
    ("staff",), ("portal", "admin"),
]
RANK = {domain: rank for rank, names in enumerate(LAYERS) for domain in names}
VIEWS = {"views"}  # blueprints: no other domain imports them
# Request-facing modules (views and their helpers) compose domains like views do; a domain's models and
# services never import one of them.
REQUEST_MODULES = VIEWS | {"templating", "browse", "current", "cli"}
# Views reach the database through services (DESIGN.md §2: no SQL in views): no SQLAlchemy, no session.
DATABASE_PACKAGES = {"sqlalchemy", "flask_sqlalchemy"}
DATABASE_NAMES = {"db", "read"}  # storefront.extensions' session and its read() helper


def module_of(path: Path) -> tuple[str, str]:
    """(domain, module) of a source file: ("cart", "services"); top-level modules are domain ""."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return (parts[0], parts[1] if len(parts) > 1 else "__init__") if len(parts) > 1 else ("", parts[0])


def imports(path: Path) -> set[tuple[str, str]]:
    """The (domain, module) pairs of the storefront that a file imports."""
    domain, _ = module_of(path)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(path.relative_to(PACKAGE).parent.parts)[: len(path.relative_to(PACKAGE).parent.parts) - node.level + 1]
            target = base + (node.module.split(".") if node.module else [])
            names = [alias.name for alias in node.names]
            if not target:  # from .. import mail, jobs
                found.update(("", name) if not (PACKAGE / name).is_dir() else (name, "__init__") for name in names)
            elif len(target) == 1 and (PACKAGE / target[0]).is_dir():
                found.update((target[0], name) for name in names)
            elif len(target) == 1:
                found.add(("", target[0]))
            else:
                found.add((target[0], target[1]))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for name in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]):
                parts = name.split(".")
                if parts[0] == "storefront" and len(parts) > 1:
                    found.add((parts[1], parts[2] if len(parts) > 2 else "__init__"))
    return {(d, m) for d, m in found if d != domain}


def graph() -> dict[tuple[str, str], set[tuple[str, str]]]:
    return {module_of(path): imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def problems(edges=None) -> list[str]:
    """Every rule the imports break, one line each."""
    edges = graph() if edges is None else edges
    found = []
    for (domain, module), targets in sorted(edges.items()):
        for target_domain, target_module in sorted(targets):
            if not target_domain or not domain:
                continue
            where = f"{domain}.{module} imports {target_domain}.{target_module}"
            if target_module in VIEWS:
                found.append(f"{where}: another domain's views")
            elif module not in REQUEST_MODULES and target_module in REQUEST_MODULES:
                found.append(f"{where}: a request-facing module, from a service")
            elif module not in REQUEST_MODULES and RANK[target_domain] > RANK[domain]:
                found.append(f"{where}: {target_domain} sits above {domain}")
    found += [f"loop: {' → '.join(cycle)}" for cycle in domain_cycles(edges)]
    return found


def database_imports(source: str) -> list[str]:
    """What a module imports of SQLAlchemy or of the storefront's database session."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in DATABASE_PACKAGES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DATABASE_PACKAGES and not node.level:
            found.append(node.module)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "extensions":
            found += [f"extensions.{a.name}" for a in node.names if a.name in DATABASE_NAMES]
    return found


def views_on_the_database(sources: dict[tuple[str, str], str] | None = None) -> list[str]:
    """Views that import SQLAlchemy or the database session, one line each: their SQL belongs in a service."""
    if sources is None:
        sources = {module_of(path): path.read_text() for path in sorted(PACKAGE.rglob("views.py"))}
    return [f"{domain}.{module} imports {name}: views reach the database through services"
            for (domain, module), source in sorted(sources.items()) for name in database_imports(source)]


def domain_cycles(edges) -> list[list[str]]:
    """Loops between domains through their models and services (request-facing modules compose domains)."""
    deps = defaultdict(set)
    for (domain, module), targets in edges.items():
        if domain and module not in REQUEST_MODULES:
            deps[domain].update(d for d, _ in targets if d and d != domain)
    cycles, seen = [], set()
    for start in sorted(deps):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(deps[node]):
                if nxt == start and len(path) > 1:
                    key = frozenset(path)
                    if key not in seen:
                        seen.add(key)
                        cycles.append([*path, start])
                elif nxt not in path and nxt > start:
                    stack.append((nxt, [*path, nxt]))
    return cycles


def main() -> int:
    edges = graph()
    by_domain = defaultdict(set)
    for (domain, _module), targets in edges.items():
        if domain:
            by_domain[domain].update(d for d, _ in targets if d)
    for domain in sorted(by_domain, key=lambda d: (RANK.get(d, 99), d)):
        print(f"{domain:>9} → {', '.join(sorted(by_domain[domain])) or '—'}")
    broken = problems(edges) + views_on_the_database()
    print("\n".join(broken) if broken else "\nno loops; every domain imports only the ones below it")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
