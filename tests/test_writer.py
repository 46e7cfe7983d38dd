"""The writer end to end on the bundled data: the seed stories' figures, tracing, variation."""

import re
import shutil
from pathlib import Path

import pytest
from spellchecker import SpellChecker

from localwire.areas import gazetteer_of
from localwire.errors import PackError, TemplateError, UntracedNumberError
from localwire.importing.bundled_data import bundled_store
from localwire.write.formats import to_dict, to_html
from localwire.write.pack import Pack
from localwire.write.writer import Writer

PACK = "nspcc-child-sex-offences"


@pytest.fixture(scope="module")
def store():
    return bundled_store()


@pytest.fixture(scope="module")
def writer(store):
    return Writer(store, Pack.load(PACK))


@pytest.fixture(scope="module")
def stories(writer):
    return {area.slug: writer.write_area(area)[0] for area in writer.areas()}


def sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?”])\s+", text)]


def traced(story, text):
    """The figure `text` occurs in the story as a traced span; returns its fact."""
    found = [f for f in story.figures if f.text == text or f.text.startswith(text + " ")]
    assert found, f"{text!r} is not a traced figure in {story.area.slug}"
    return found[0].ref


def test_stories_for_every_force_with_data(stories):
    assert sorted(stories) == ["avon-and-somerset", "bedfordshire", "devon-and-cornwall",
                               "dorset", "gloucestershire", "hertfordshire", "wiltshire"]


def test_hertfordshire_story(stories):
    story = stories["hertfordshire"]
    text = story.text
    assert text.startswith("# ")
    assert "rose to 771" in text and traced(story, "771").name == "value"
    assert "up by 16 per cent" in text and traced(story, "16 per cent").published
    assert "about two a day" in text and traced(story, "two a day").name == "per_day"
    assert "104 crimes were recorded in Hertfordshire against children aged 10 and under" in text
    assert "16 of these crimes targeting children aged four or younger" in text
    assert "three offences recorded in the county were against babies aged one or under" in text
    assert "In neighbouring Bedfordshire, there were 400 sex crimes recorded in 2016/17" in text
    assert "a drop from 514 the previous year" in text
    assert "64,667" in text and traced(story, "64,667").area == "united-kingdom"
    assert "up 15 per cent" in text
    assert "every eight minutes" in text
    assert "One in 10 of these offences were flagged as having an online element" in text
    assert "a rise of 59 per cent" in text
    assert "Peter Wanless" in text


def test_wiltshire_story(stories):
    story = stories["wiltshire"]
    text = story.text
    assert "rose to 570 in 2016/17, up by 14 from 556 the previous year" in text
    assert traced(story, "14").formula == "570 - 556"
    assert "116 offences where the victims were children under the age of 10" in text
    assert "Gloucestershire, the number of child sex offences recorded rose from 381 to 504" in text
    assert "Avon and Somerset, the number of child sex offences recorded rose from 1,040 to " \
           "1,483" in text
    assert "Sharon Copsey" in text  # the South West quote


def test_every_figure_is_traced_with_provenance(stories):
    for story in stories.values():
        record = to_dict(story)
        facts = [f for f in record["figures"] if f["kind"] == "fact"]
        assert facts
        for figure in facts:
            assert story.text[figure["start"]:figure["end"]] == figure["text"]
            assert figure["fact"]["formula"]
            for ref in figure["fact"]["inputs"]:
                assert ref["source_file"] == "observations.csv"
                assert re.fullmatch(r"row \d+", ref["location"])
                assert ref["cited_source"].startswith("NSPCC FOI figures")


def test_no_sentence_starts_with_a_figure_and_no_double_spaces(stories):
    for story in stories.values():
        for sentence in sentences(story.text.replace("# ", "")):
            assert not sentence[:1].isdigit(), sentence
        assert "  " not in story.text
        assert " ." not in story.text and " ," not in story.text


def test_no_typos(stories, store):
    words_file = Path(__file__).parent / "data" / "house_words.txt"
    allowed = {w.strip() for w in words_file.read_text(encoding="utf-8").splitlines()
               if w.strip() and not w.startswith("#")}
    for area in gazetteer_of(store).areas.values():
        allowed.update(word.lower() for word in re.findall(r"[A-Za-z]+", area.name))
    checker = SpellChecker(language="en")

    def unknown(text):
        words = {w.lower().strip("’'") for w in re.findall(r"[A-Za-z’']+", text)}
        return checker.unknown(words) - allowed

    for story in stories.values():
        assert unknown(story.text) == set(), story.area.slug
    # the check can fail: the seed article's own typos are caught
    assert unknown("up by 16 per cent from the prevous year") == {"prevous"}


def test_outlets_get_different_copy_deterministically(writer, store):
    herts = gazetteer_of(store).resolve("Herts")
    outlets = ["Herts Advertiser", "Watford Observer", "Hertfordshire Mercury", "Welwyn Hatfield"]
    first = writer.write_area(herts, outlets)
    again = writer.write_area(herts, list(reversed(outlets)))
    assert len({s.text for s in first}) == len(outlets)
    assert [s.text for s in first] == [s.text for s in again]


def test_same_story_in_a_fresh_store(stories):
    other = Writer(bundled_store(), Pack.load(PACK))
    area = gazetteer_of(other.store).resolve("Wiltshire")
    assert other.write_area(area)[0].text == stories["wiltshire"].text


def test_html_escapes_and_carries_provenance(stories):
    page = to_html(stories["hertfordshire"])
    assert 'data-fact="hertfordshire/2016/17/child_sex_offences/total/value"' in page
    assert "<script" not in page


# -- packs that must be refused -------------------------------------------------------------

@pytest.fixture
def pack_copy(tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(Pack.load(PACK).folder, folder)
    return folder


def edit_template(folder, old, new):
    path = folder / "templates" / "story.md.j2"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_herts(store, folder):
    writer = Writer(store, Pack.load(folder))
    return writer.write_area(gazetteer_of(store).resolve("Herts"))


def test_hard_coded_figure_is_refused(store, pack_copy):
    edit_template(pack_copy, "to {{ this.value|count }} –", "to 771 –")
    with pytest.raises(UntracedNumberError) as caught:
        write_herts(store, pack_copy)
    assert "'771'" in str(caught.value)


def test_hard_coded_number_word_is_refused(store, pack_copy):
    edit_template(pack_copy, "A total of", "Nearly two hundred and")
    with pytest.raises(UntracedNumberError):
        write_herts(store, pack_copy)


def test_template_arithmetic_is_refused(store, pack_copy):
    edit_template(pack_copy, "to {{ this.value|count }} –",
                  "to {{ (this.value.value * 2)|string }} –")
    with pytest.raises(UntracedNumberError):
        write_herts(store, pack_copy)


def test_fact_printed_without_filter_is_refused(store, pack_copy):
    edit_template(pack_copy, "to {{ this.value|count }} –", "to {{ this.value }} –")
    with pytest.raises(TemplateError, match="without a house-style filter"):
        write_herts(store, pack_copy)


def test_missing_name_fails_loudly(store, pack_copy):
    edit_template(pack_copy, "{{ area.place }}", "{{ area.nickname }}")
    with pytest.raises(TemplateError, match="undefined"):
        write_herts(store, pack_copy)


@pytest.mark.parametrize("hostile", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ area.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
])
def test_sandbox_blocks_escapes(store, pack_copy, hostile):
    edit_template(pack_copy, "{{ variant('intro') }}", hostile)
    with pytest.raises(TemplateError):
        write_herts(store, pack_copy)


def test_figure_at_sentence_start_is_refused(store, pack_copy):
    edit_template(pack_copy, "A total of {{ b.aged_10_and_under.value|count_noun('crime') }}",
                  "{{ b.aged_10_and_under.value|count_noun('crime') }}")
    with pytest.raises(TemplateError, match="starts a sentence with a figure"):
        write_herts(store, pack_copy)


def test_bad_pack_config_names_file_and_key(pack_copy):
    config = pack_copy / "pack.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('percent = "per cent"',
                                                                 'percent = "pc"'),
                      encoding="utf-8")
    with pytest.raises(PackError) as caught:
        Pack.load(pack_copy)
    assert caught.value.problem.file == str(config)
    assert caught.value.problem.place == "style.percent"


def test_marker_characters_in_data_cannot_forge_a_trace(store, pack_copy):
    config = pack_copy / "pack.toml"
    text = config.read_text(encoding="utf-8").replace(
        "The NSPCC emphasises", "\ue0000\ue001999\ue002 The NSPCC emphasises")
    config.write_text(text, encoding="utf-8")
    with pytest.raises(UntracedNumberError):
        write_herts(store, pack_copy)


@pytest.mark.parametrize(("slug", "speaker", "dramatic"), [
    ("hertfordshire", "Peter Wanless", True),     # East, rose
    ("bedfordshire", "Peter Wanless", False),     # East, fell
    ("wiltshire", "Sharon Copsey", True),         # South West, rose
    ("dorset", "Sharon Copsey", False),           # South West, fell
])
def test_quotes_fit_region_and_local_change(stories, slug, speaker, dramatic):
    text = stories[slug].text
    assert speaker in text
    assert ("This dramatic rise" in text) is dramatic


def test_every_story_is_checked_by_the_article_checker(stories):
    for story in stories.values():
        claims = story.checks["claims"]
        assert claims["supported"] >= 10
        assert claims["contradicted"] == claims["unverifiable"] == 0


def test_a_story_the_checker_contradicts_is_refused(store, pack_copy):
    # A traced figure in the wrong place: the national total said of Hertfordshire.
    from localwire.errors import UnsupportedClaimError

    edit_template(pack_copy, "to {{ this.value|count }} –", "to {{ national.value|count }} –")
    with pytest.raises(UnsupportedClaimError) as caught:
        write_herts(store, pack_copy)
    assert "contradicted" in str(caught.value)


def test_write_command_end_to_end(tmp_path, capsys):
    """The CLI as a user runs it: files for each outlet, the same whatever --jobs."""
    from localwire.cli import main
    from localwire.importing.bundled_data import load_bundled
    from localwire.store import Store

    db = tmp_path / "s.duckdb"
    with Store(db) as fresh:
        load_bundled(fresh)
    args = ["write", PACK, "--db", str(db), "--area", "Herts", "--outlet", "Herts Advertiser",
            "--outlet", "Watford Observer", "--format", "md", "--format", "html"]
    assert main([*args, "--out", str(tmp_path / "one"), "--jobs", "1"]) == 0
    assert main([*args, "--out", str(tmp_path / "two")]) == 0
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == ["hertfordshire--herts-advertiser.html", "hertfordshire--herts-advertiser.md",
                     "hertfordshire--watford-observer.html", "hertfordshire--watford-observer.md"]
    for name in names:
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()
    assert "every claim supported" in capsys.readouterr().out


@pytest.mark.parametrize(("extra", "code"), [
    (["--area", "Narnia"], 1), (["--check", "bogus"], 2), (["--format", "pdf"], 2),
    (["--jobs", "0"], 2),
])
def test_write_command_refuses_bad_arguments(tmp_path, extra, code, capsys):
    from localwire.cli import main

    assert main(["write", PACK, "--db", str(tmp_path / "s.duckdb"), "--out",
                 str(tmp_path / "out"), *extra]) == code
    assert not (tmp_path / "out").exists()
