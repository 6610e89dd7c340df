"""A user's clone has no shared folder beside it: the project carries everything it reads."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_SUFFIXES = {".py", ".toml", ".cfg", ".ini", ".html", ".txt", ".yml", ".yaml", ".md", ".sh"}


def project_files():
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if relative.parts and relative.parts[0] in {".git", ".venv", ".ci", "node_modules", "staticfiles"}:
            continue
        if path.is_file() and (path.suffix in SOURCE_SUFFIXES or path.name == "Makefile"):
            yield path


def test_no_file_outside_ci_reads_the_shared_folder():
    marker = "../" + "shared"
    offenders = [str(p.relative_to(ROOT)) for p in project_files() if marker in p.read_text(errors="ignore")]
    assert offenders == []


def test_popolo_schemas_are_vendored_with_their_licence():
    schemas = ROOT / "partnerships" / "popolo_schemas"
    assert {p.name for p in schemas.glob("*.json")} >= {"person.json", "organization.json", "membership.json", "post.json"}
    assert "CC BY 4.0" in (schemas / "LICENSE.md").read_text()
