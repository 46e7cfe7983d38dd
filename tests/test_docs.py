"""The README is tested: its example matches the demo, its commands exist and have help."""

import re
from pathlib import Path

import pytest

from localwire.cli import main
from localwire.desk.demo import run_demo

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return run_demo(tmp_path_factory.mktemp("demo"))


def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_readme_example_is_the_demo_output(demo):
    match = re.search(r"<!-- example: (\S+) -->\n```markdown\n(.*?)```\n<!-- /example -->",
                      readme(), re.DOTALL)
    assert match, "README lost its example block"
    story = (demo.out_dir / f"{match.group(1)}.md").read_text(encoding="utf-8")
    assert story.startswith(match.group(2))


def test_readme_json_excerpt_matches(demo):
    import json

    record = json.loads((demo.out_dir / "hertfordshire.json").read_text(encoding="utf-8"))
    figure = next(f for f in record["figures"] if f["text"] == "771")
    excerpt = re.search(r'"start": (\d+), "end": (\d+), "text": "771"', readme())
    assert excerpt, "README lost its JSON excerpt"
    assert (int(excerpt.group(1)), int(excerpt.group(2))) == (figure["start"], figure["end"])
    source = figure["fact"]["inputs"][0]
    assert f'"observation_id": {source["observation_id"]}' in readme()
    assert f'"location": "{source["location"]}"' in readme()


def test_readme_summary_table_matches_the_demo(demo):
    for story in demo.stories:
        row = re.search(rf"│ {re.escape(story.area.name)} +│.*?│ (\d+) +│ (\d+) +│", readme())
        assert row, f"README's demo table lacks {story.area.name}"
        assert (int(row.group(1)), int(row.group(2))) == (len(story.figures),
                                                          len(story.text.split()))


def documented_commands() -> list[str]:
    section = readme().split("## Command reference", 1)[1].split("\n## ", 1)[0]
    return sorted({m.group(1) for m in re.finditer(r"^\| `localwire ([a-z][a-z-]*(?: [a-z][a-z-]*)?)",
                                                   section, re.MULTILINE)})


@pytest.mark.parametrize("command", documented_commands())
def test_documented_command_has_help_with_example(command, capsys):
    words = [w for w in command.split() if not w.isupper()]
    assert main([*words, "--help"]) == 0
    assert "Example" in capsys.readouterr().out


def test_readme_check_example_is_real(tmp_path, capsys, monkeypatch):
    block = readme().split("<!-- check-example -->", 1)[1].split("<!-- /check-example -->")[0]
    text = block.split("$ cat claim.txt\n", 1)[1].split("\n$ ", 1)[0]
    (tmp_path / "claim.txt").write_text(text + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "claim.txt"])
    out = capsys.readouterr().out
    assert code == 1
    summary = out.strip().splitlines()[-1]
    assert summary == "3 supported, 1 contradicted, 0 unverifiable"
    assert summary in block
    assert "data gives 771, outside [871," in " ".join(out.split())
