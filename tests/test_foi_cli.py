import json
from datetime import date

import pytest

from localwire.cli import main
from localwire.foi import status_boards
from localwire.store import Store

QUESTION = "How many sexual offences against children did {{ force.name }} record?\n"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALWIRE_DB", str(tmp_path / "lw.duckdb"))
    (tmp_path / "q.j2").write_text(QUESTION, encoding="utf-8")
    assert main(["foi", "new", "nspcc", "--question-file", str(tmp_path / "q.j2"),
                 "--dataset", "nspcc", "--measure", "child_sex_offences",
                 "--period", "2016/17", "--requester", "Sam Reporter"]) == 0
    return tmp_path


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_whole_campaign_from_the_command_line(workspace, capsys):
    assert run(capsys, "foi", "mark", "nspcc", "Herts", "sent", "--date", "2026-05-20",
               "--today", "2026-06-01")[1].strip() == "Hertfordshire: sent, due 19 June 2026"
    run(capsys, "foi", "mark", "nspcc", "Dorset", "sent", "--date", "2026-05-20",
        "--today", "2026-06-01")
    reply = workspace / "herts.csv"
    reply.write_text("area,period,measure,value\nHerts,2016/17,child_sex_offences,771\n",
                     encoding="utf-8")
    code, out, _ = run(capsys, "foi", "attach", "nspcc", "Herts", str(reply))
    assert code == 0 and "sha256" in out
    code, out, _ = run(capsys, "foi", "import", "nspcc", "Herts", "--today", "2026-06-10")
    assert code == 0 and "status: successful" in out
    code, out, _ = run(capsys, "foi", "status", "--today", "2026-06-23")
    assert code == 0
    assert "1 replied, 1 overdue, 0 refused, 44 not sent of 46" in out
    assert "nspcc: 1 of 46 forces have figures" in out
    code, _, _ = run(capsys, "foi", "letters", "nspcc", "--out", str(workspace / "letters"),
                     "--kind", "chaser", "--today", "2026-06-23")
    assert code == 0
    assert [p.name for p in (workspace / "letters").iterdir()] == ["dorset-chaser.txt"]


def test_status_json_equals_the_library(workspace, capsys):
    run(capsys, "foi", "mark", "nspcc", "Police Scotland", "sent", "--date", "2026-05-20",
        "--today", "2026-06-01")
    code, out, _ = run(capsys, "foi", "status", "--json", "--today", "2026-07-01")
    assert code == 0
    with Store(workspace / "lw.duckdb") as store:
        expected = [b.as_dict() for b in status_boards(store, today=date(2026, 7, 1))]
    assert json.loads(out) == expected
    assert expected[0]["counts"]["overdue"] == 1


def test_a_failed_import_says_where_the_reply_is_kept(workspace, capsys):
    run(capsys, "foi", "mark", "nspcc", "Herts", "sent", "--date", "2026-05-20")
    reply = workspace / "bad.csv"
    reply.write_text("area,period,measure,value\nAtlantis,2016/17,child_sex_offences,7\n",
                     encoding="utf-8")
    run(capsys, "foi", "attach", "nspcc", "Herts", str(reply))
    code, _, err = run(capsys, "foi", "import", "nspcc", "Herts")
    assert code == 1
    assert "the reply is kept" in err and "unknown area" in err


def test_attach_suggests_the_mark_command(workspace, capsys):
    run(capsys, "foi", "mark", "nspcc", "Herts", "sent", "--date", "2026-05-20")
    letter = workspace / "refusal.txt"
    letter.write_text("We refuse this under section 12 of the Act (cost).", encoding="utf-8")
    code, out, _ = run(capsys, "foi", "attach", "nspcc", "Herts", str(letter))
    assert code == 0 and "s.12" in out
    assert "localwire foi mark nspcc Herts refused --section s.12" in out


@pytest.mark.parametrize(("args", "code", "message"), [
    (["foi", "mark", "nspcc", "Herts", "overdue"], 1, "computed"),
    (["foi", "mark", "nspcc", "Atlantis", "sent"], 1, "unknown area"),
    (["foi", "mark", "nspcc", "Herts", "sent", "--date", "2026-13-01"], 2, "--date"),
    (["foi", "status", "--campaign", "other"], 1, "no FOI campaign"),
    (["foi", "letters", "nspcc", "--out", "x", "--kind", "poem"], 2, "--kind"),
])
def test_errors(workspace, capsys, args, code, message):
    returned, out, err = run(capsys, *args)
    assert returned == code and message in out + err


@pytest.mark.parametrize("command", ["new", "letters", "mark", "attach", "import", "status"])
def test_every_command_has_a_worked_example(capsys, command):
    assert main(["foi", command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Example: localwire foi " + command in out and "--db" in out
