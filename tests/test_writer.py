"""The writer end to end on the bundled data: the seed stories' figures, news judgement,
honest numbers, tracing, and packs that must be refused."""

import re
import shutil
from pathlib import Path

import pytest
from spellchecker import SpellChecker

from localwire.areas import gazetteer_of
from localwire.desk.selfcheck import story_writer
from localwire.errors import PackError, TemplateError, UnsupportedClaimError, UntracedNumberError
from localwire.importing.bundled_data import bundled_store
from localwire.write.folder import STAMP
from localwire.write.formats import to_dict, to_html
from localwire.write.pack import Pack
from tests.story_rules import paragraphs, problems, sentences

PACK = "nspcc-child-sex-offences"


@pytest.fixture(scope="module")
def store():
    return bundled_store()


@pytest.fixture(scope="module")
def writer(store):
    return story_writer(store, Pack.load(PACK))


@pytest.fixture(scope="module")
def stories(writer):
    return {area.slug: writer.write_area(area)[0] for area in writer.areas()}


def traced(story, text):
    """The figure `text` occurs in the story as a traced span; returns its fact."""
    found = [f for f in story.figures if f.text == text or f.text.startswith(text + " ")]
    assert found, f"{text!r} is not a traced figure in {story.area.slug}"
    return found[0].ref


def sentence_with(story, *words):
    """The first sentence of the story holding every word given."""
    found = [s for s in sentences(story.text) if all(w in s for w in words)]
    assert found, f"no sentence of {story.area.slug} holds {words}"
    return found[0]


def test_stories_for_every_force_with_data(stories):
    assert sorted(stories) == ["avon-and-somerset", "bedfordshire", "devon-and-cornwall",
                               "dorset", "gloucestershire", "hertfordshire", "wiltshire"]


def test_every_story_keeps_the_house_rules(stories):
    for story in stories.values():
        assert problems(story) == []


def test_hertfordshire_leads_on_its_rise(stories):
    story = stories["hertfordshire"]
    assert story.text.startswith("# ")
    assert "16 per cent" in story.headline and "Hertfordshire" in story.headline
    lead = sentences(story.body)[0]
    assert "771" in lead and "16 per cent" in lead and "NSPCC" in lead
    assert traced(story, "771").name == "value"
    assert traced(story, "16 per cent").published  # the change the NSPCC published
    ages = sentence_with(story, "104")
    assert "hildren aged 10 and under" in ages and "16" in ages
    assert "children aged four or younger" in ages
    babies = sentence_with(story, "babies aged one or under")
    assert babies.startswith("And three offences recorded in Hertfordshire were against")
    neighbour = sentence_with(story, "Bedfordshire")
    assert "400" in neighbour and "514" in neighbour and ("drop" in neighbour or "fall" in (
        neighbour) or "down" in neighbour)
    uk = sentence_with(story, "64,667")
    assert "every eight minutes" in uk and "up 15 per cent" in uk
    assert traced(story, "64,667").area == "united-kingdom"
    assert "one in 10" in sentence_with(story, "online element")
    assert "Peter Wanless" in story.text


def test_wiltshire_is_not_about_two_a_day(stories):
    """570 a year is 1.56 a day: not "about two a day"; 11 a week is honest."""
    story = stories["wiltshire"]
    assert "two a day" not in story.text
    assert "about 11 a week" in story.text and traced(story, "11 a week").name == "per_day"
    detail = sentence_with(story, "570", "556")
    assert "up by 14" in detail and "3 per cent" in detail
    assert traced(story, "14").formula == "570 - 556"
    assert "116" in sentence_with(story, "children under the age of 10")
    assert "Gloucestershire" in story.text and "504" in sentence_with(story, "Gloucestershire")
    # a 3 per cent rise gets no "dramatic rise" of its own: only as the national picture
    quote = next(p for p in paragraphs(story.text) if "Sharon Copsey" in p)
    assert quote.startswith("Commenting on the national figures")


def test_the_earliest_year_gives_the_longer_trend(stories):
    earliest = sentence_with(stories["wiltshire"], "698", "2014/15")
    assert "first year" in earliest


def test_a_record_is_the_highest_in_the_years_available(stories):
    """Three years of figures: "the highest ... in the three years", never "since at least"."""
    for slug in ("avon-and-somerset", "gloucestershire", "devon-and-cornwall"):
        story = stories[slug]
        record = sentence_with(story, "three years")
        assert "highest" in record, slug
        assert traced(story, "three years").name == "record"
    assert "three years" not in stories["wiltshire"].text  # 570 is no record: 698 in 2014/15


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


def test_helplines_are_pack_constants_traced_by_name(stories):
    for story in stories.values():
        constants = {f.ref: f.text for f in story.figures if f.kind == "constant"}
        assert constants == {"nspcc_helpline": "0808 800 5000", "childline": "0800 1111"}
        assert {f["label"] for f in to_dict(story)["figures"] if f["kind"] == "constant"} == {
            "nspcc_helpline", "childline"}


def test_how_the_figures_were_gathered_and_right_of_reply(stories):
    for story in stories.values():
        box = next(p for p in paragraphs(story.text) if "Freedom of Information" in p
                   and "forces" in p and not p.startswith(("The number", "Police")))
        assert paragraphs(story.text)[-1].startswith("[")          # the right of reply last
        assert "Freedom of Information" in box and "seven of 43 forces" in box
        assert "NSPCC FOI figures" in box
        reply = next(p for p in paragraphs(story.text) if p.startswith("["))
        assert story.area.force_name.lower() in reply.lower()


@pytest.mark.parametrize(("slug", "speaker", "framing"), [
    ("hertfordshire", "Peter Wanless", "local"),       # East, up 16 per cent
    ("bedfordshire", "Peter Wanless", "national"),     # East, fell: the UK's rise, said as such
    ("wiltshire", "Sharon Copsey", "national"),        # South West, up only 3 per cent
    ("dorset", "Sharon Copsey", "national"),           # South West, fell
    ("gloucestershire", "Sharon Copsey", "local"),     # South West, up 32 per cent
])
def test_quotes_fit_region_and_local_change(stories, slug, speaker, framing):
    story = stories[slug]
    assert speaker in story.text
    assert ("Commenting on the national figures" in story.text) is (framing == "national")


def test_the_rise_is_explained_only_where_there_was_one(stories):
    for slug in ("bedfordshire", "dorset", "wiltshire"):
        why = next(p for p in paragraphs(stories[slug].text) if any(
            words in p for words in ("may be down to", "may help explain", "may lie behind",
                                     "may reflect", "increase down partly",
                                     "pushing the figures higher")))
        assert "UK" in why or "national" in why, slug


def test_no_typos(stories, store, writer):
    words_file = Path(__file__).parent / "data" / "house_words.txt"
    allowed = {w.strip() for w in words_file.read_text(encoding="utf-8").splitlines()
               if w.strip() and not w.startswith("#")}
    for area in gazetteer_of(store).areas.values():
        allowed.update(word.lower() for word in re.findall(r"[A-Za-z]+", area.name))
    checker = SpellChecker(language="en")

    def unknown(text):
        words = {re.sub(r"[’']s$", "", w.lower()).strip("’'")
                 for w in re.findall(r"[A-Za-z’']+", text)}
        return checker.unknown(words) - allowed

    for story in stories.values():
        assert unknown(story.text) == set(), story.area.slug
    for area in writer.areas():  # every outlet's wording, not only the default's
        for story in writer.write_area(area, ["Paper A", "Paper B", "Paper C", "Paper D"]):
            assert unknown(story.text) == set(), (story.area.slug, story.outlet)
    # the check can fail: the seed article's own typos are caught
    assert unknown("up by 16 per cent from the prevous year") == {"prevous"}


def test_same_story_in_a_fresh_store(stories):
    other = story_writer(bundled_store(), Pack.load(PACK))
    area = gazetteer_of(other.store).resolve("Wiltshire")
    assert other.write_area(area)[0].text == stories["wiltshire"].text


def test_html_escapes_and_carries_provenance(stories):
    page = to_html(stories["hertfordshire"])
    assert 'data-fact="hertfordshire/2016/17/child_sex_offences/total/value"' in page
    assert "<script" not in page


def test_every_story_is_checked_by_the_article_checker(stories):
    for story in stories.values():
        claims = story.checks["claims"]
        assert claims["supported"] >= 10
        assert claims["contradicted"] == claims["unverifiable"] == 0


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


HEADLINE = "# {{ headline() }}\n"


def write_herts(store, folder):
    writer = story_writer(store, Pack.load(folder))
    return writer.write_area(gazetteer_of(store).resolve("Herts"))


def test_hard_coded_figure_is_refused(store, pack_copy):
    edit_template(pack_copy, HEADLINE, HEADLINE + "\nThere were 771 of them.\n")
    with pytest.raises(UntracedNumberError) as caught:
        write_herts(store, pack_copy)
    assert "'771'" in str(caught.value) and "Hertfordshire" in str(caught.value)


def test_hard_coded_number_word_is_refused(store, pack_copy):
    edit_template(pack_copy, HEADLINE, HEADLINE + "\nNearly two hundred were recorded.\n")
    with pytest.raises(UntracedNumberError):
        write_herts(store, pack_copy)


def test_template_arithmetic_is_refused(store, pack_copy):
    edit_template(pack_copy, HEADLINE,
                  HEADLINE + "\nThere were {{ (this.value.value * 2)|string }} of them.\n")
    with pytest.raises(UntracedNumberError):
        write_herts(store, pack_copy)


def test_fact_printed_without_filter_is_refused(store, pack_copy):
    edit_template(pack_copy, HEADLINE, HEADLINE + "\nThere were {{ this.value }}.\n")
    with pytest.raises(TemplateError, match="without a house-style filter"):
        write_herts(store, pack_copy)


def test_missing_name_fails_loudly(store, pack_copy):
    edit_template(pack_copy, HEADLINE, "# {{ area.nickname }}\n")
    with pytest.raises(TemplateError, match="undefined"):
        write_herts(store, pack_copy)


@pytest.mark.parametrize("hostile", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ area.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
])
def test_sandbox_blocks_escapes(store, pack_copy, hostile):
    edit_template(pack_copy, HEADLINE, HEADLINE + "\n" + hostile + "\n")
    with pytest.raises(TemplateError):
        write_herts(store, pack_copy)


def test_figure_at_sentence_start_is_refused(store, pack_copy):
    edit_template(pack_copy, HEADLINE,
                  HEADLINE + "\n{{ this.value|count }} offences were recorded.\n")
    with pytest.raises(TemplateError, match="starts a sentence with a figure"):
        write_herts(store, pack_copy)


def test_an_unknown_constant_is_refused(store, pack_copy):
    edit_template(pack_copy, HEADLINE, HEADLINE + "\nCall {{ constant('samaritans') }}.\n")
    with pytest.raises(TemplateError, match="no constant 'samaritans'"):
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


def test_a_quote_cut_naming_a_missing_paragraph_is_refused(pack_copy):
    config = pack_copy / "pack.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("cuts = [[1, 2], [3, 4]", "cuts = [[1, 9], [3, 4]", 1),
                      encoding="utf-8")
    with pytest.raises(PackError, match="cut"):
        Pack.load(pack_copy)


def test_marker_characters_in_data_cannot_forge_a_trace(store, pack_copy):
    config = pack_copy / "pack.toml"
    text = config.read_text(encoding="utf-8").replace(
        'role = "NSPCC chief executive"', 'role = "NSPCC chief \ue0000\ue001999\ue002 executive"')
    config.write_text(text, encoding="utf-8")
    with pytest.raises(UntracedNumberError):
        write_herts(store, pack_copy)


def test_a_story_the_checker_contradicts_is_refused(store, pack_copy):
    # A traced figure in the wrong place: the national total said of Hertfordshire.
    edit_template(pack_copy, HEADLINE, HEADLINE + "\nPolice in {{ area.place }} recorded "
                  "{{ national.value|count }} sex offences against children in "
                  "{{ period|period }}.\n")
    with pytest.raises(UnsupportedClaimError) as caught:
        write_herts(store, pack_copy)
    assert "contradicted" in str(caught.value)


# -- the command -----------------------------------------------------------------------------

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
    names = sorted(p.name for p in (tmp_path / "one").iterdir() if p.name != STAMP)
    assert names == ["hertfordshire--herts-advertiser.html", "hertfordshire--herts-advertiser.md",
                     "hertfordshire--watford-observer.html", "hertfordshire--watford-observer.md"]
    for name in names:
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()
    assert "every claim supported" in capsys.readouterr().out


def test_an_area_without_a_story_fails_in_one_line_and_blocks_no_other(tmp_path, capsys):
    """An area asked for by name with no figure fails in one line naming it (exit 1); the
    other area's files are written all the same."""
    from localwire.cli import main
    from localwire.importing.bundled_data import load_bundled
    from localwire.store import Store

    db = tmp_path / "s.duckdb"
    with Store(db) as fresh:
        load_bundled(fresh)
    out = tmp_path / "out"
    code = main(["write", PACK, "--db", str(db), "--area", "Herts", "--area", "Kent",
                 "--format", "md", "--out", str(out), "--jobs", "1"])
    printed = capsys.readouterr()
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == [STAMP, "hertfordshire.md"]
    assert "failed: Kent: no story: no figure in the data" in " ".join(
        printed.err.split())


@pytest.mark.parametrize(("extra", "code"), [
    (["--area", "Narnia"], 1), (["--check", "bogus"], 2), (["--format", "pdf"], 2),
    (["--jobs", "0"], 2),
])
def test_write_command_refuses_bad_arguments(tmp_path, extra, code, capsys):
    from localwire.cli import main

    assert main(["write", PACK, "--db", str(tmp_path / "s.duckdb"), "--out",
                 str(tmp_path / "out"), *extra]) == code
    assert not (tmp_path / "out").exists()
