"""The README is tested: its example matches the demo, its commands exist and have help."""

import re
from pathlib import Path

import pytest

from localwire.cli import main
from localwire.desk.demo import run_demo
from localwire.desk.selfcheck import story_writer

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return run_demo(tmp_path_factory.mktemp("demo"))


def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_readme_examples_are_the_demo_output(demo):
    examples = re.findall(r"<!-- example: (\S+) -->\n```markdown\n(.*?)```\n<!-- /example -->",
                          readme(), re.DOTALL)
    assert len(examples) >= 2, "README lost its example blocks"
    for slug, text in examples:
        story = (demo.out_dir / f"{slug}.md").read_text(encoding="utf-8")
        assert story.startswith(text), slug


def test_readme_police_recorded_crime_example_is_the_writers_output(shared_data):
    from localwire.areas import gazetteer_of
    from localwire.importing import import_file
    from localwire.importing.bundled_data import bundled_store
    from localwire.write.pack import Pack

    found = re.search(r"<!-- prc-example: (\S+) -->\n```markdown\n(.*?)```\n<!-- /prc-example -->",
                      readme(), re.DOTALL)
    assert found, "README lost its police recorded crime example"
    with bundled_store() as store:
        import_file(store, shared_data / "raw" / "rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv",
                    dataset="police-recorded-crime", recipe="home-office-rolling-year")
        writer = story_writer(store, Pack.load("police-recorded-crime"), "2016/17")
        story = writer.write_area(gazetteer_of(store).areas[found.group(1)])[0]
    assert story.text == found.group(2)


def test_readme_json_excerpt_matches(demo):
    import json

    record = json.loads((demo.out_dir / "hertfordshire.json").read_text(encoding="utf-8"))
    figure = next(f for f in record["figures"] if f["text"].startswith("771"))
    excerpt = re.search(r'"start": (\d+), "end": (\d+), "text": "771', readme())
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
