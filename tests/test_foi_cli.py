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
                 "--period", "2016/17", "--requester", "Sam Reporter",
                 "--address", "sam@example.org"]) == 0
    return tmp_path


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_whole_campaign_from_the_command_line(workspace, capsys):
    code, out, _ = run(capsys, "foi", "mark", "nspcc", "Herts,Dorset", "sent", "--date",
                       "2026-05-20", "--today", "2026-06-01")
    assert code == 0
    assert out.splitlines() == [
        "Hertfordshire: sent on 20 May 2026; now awaiting reply, due 19 June 2026",
        "Dorset: sent on 20 May 2026; now awaiting reply, due 19 June 2026",
        "recorded 2 events"]
    reply = workspace / "herts.csv"
    reply.write_text("area,period,measure,value\nHerts,2016/17,child_sex_offences,771\n",
                     encoding="utf-8")
    code, out, _ = run(capsys, "foi", "attach", "nspcc", "Herts", str(reply), "--received",
                       "2026-06-10", "--today", "2026-06-11")
    assert code == 0 and "sha256" in out
    assert "reply received on 10 June 2026; now reply received, to classify" in out
    code, out, _ = run(capsys, "foi", "import", "nspcc", "Herts", "--today", "2026-06-15")
    assert code == 0 and "Hertfordshire: successful; now answered" in out
    code, out, _ = run(capsys, "foi", "status", "--today", "2026-06-23")
    assert code == 0
    assert "46 requests: 44 not sent, 1 overdue, 1 successful" in out
    assert "on time: 1 of 1 replies (100%); median 14 working days to reply" in out
    assert "nspcc: 1 of 46 forces have figures" in out and "board and dataset agree" in out
    code, out, _ = run(capsys, "foi", "letters", "nspcc", "--out", str(workspace / "letters"),
                       "--kind", "chaser", "--today", "2026-06-23")
    assert code == 0 and "wrote 1 chaser letter" in out
    assert [p.name for p in (workspace / "letters").iterdir()] == ["dorset-chaser.txt"]


def test_status_json_equals_the_library(workspace, capsys):
    run(capsys, "foi", "mark", "nspcc", "Police Scotland", "sent", "--date", "2026-05-20",
        "--today", "2026-06-01")
    code, out, _ = run(capsys, "foi", "status", "--json", "--today", "2026-07-01")
    assert code == 0
    with Store(workspace / "lw.duckdb") as store:
        expected = [b.as_dict() for b in status_boards(store, today=date(2026, 7, 1))]
    assert json.loads(out) == expected
    assert expected[0]["counts"]["overdue"] == 1 and expected[0]["total"] == 46


def test_status_takes_the_campaign_as_every_other_foi_command_does(workspace, capsys):
    by_option = run(capsys, "foi", "status", "--campaign", "nspcc", "--today", "2026-06-23")
    by_name = run(capsys, "foi", "status", "nspcc", "--today", "2026-06-23")
    assert by_name == by_option and by_name[0] == 0 and "46 requests: 46 not sent" in by_name[1]


def test_status_names_the_differences_with_the_dataset(workspace, capsys):
    run(capsys, "foi", "mark", "nspcc", "Herts", "sent", "--date", "2026-05-20",
        "--today", "2026-06-01")
    run(capsys, "foi", "mark", "nspcc", "Herts", "successful", "--date", "2026-06-10",
        "--today", "2026-06-11")
    code, out, _ = run(capsys, "foi", "status", "--today", "2026-06-23")
    assert code == 0
    assert "differs: Hertfordshire: the board says successful but the dataset has no figure" \
           in " ".join(out.split())


def test_mark_from_a_csv(workspace, capsys):
    events = workspace / "events.csv"
    events.write_text("force,event,date,sections,note\n"
                      "Herts,sent,2026-05-20,,\nBeds,sent,2026-05-20,,\n"
                      "Beds,refused,2026-06-10,s.12,cost\n", encoding="utf-8")
    code, out, _ = run(capsys, "foi", "mark", "nspcc", "--csv", str(events),
                       "--today", "2026-07-01")
    assert code == 0 and "recorded 3 events" in out
    assert "Bedfordshire: classified refused (s.12) on 10 June 2026; now answered; " \
           "1 observation recorded" in out


def test_mark_a_bad_csv_records_nothing(workspace, capsys):
    events = workspace / "events.csv"
    events.write_text("force,event,date\nHerts,sent,2026-05-20\nBeds,review,2026-05-20\n",
                      encoding="utf-8")
    code, out, err = run(capsys, "foi", "mark", "nspcc", "--csv", str(events),
                         "--today", "2026-07-01")
    assert code == 1 and out == ""
    assert f"{events}:row 3: Beds: review-asked on 2026-05-20: the request has not been " \
           "sent yet [foi-event]" in err
    with Store(workspace / "lw.duckdb") as store:
        assert store.rows("SELECT * FROM foi_request_events") == []


def test_close_long_overdue_as_no_reply(workspace, capsys):
    run(capsys, "foi", "mark", "nspcc", "all", "sent", "--date", "2026-05-20",
        "--today", "2026-05-20")
    code, out, _ = run(capsys, "foi", "close", "nspcc", "--today", "2026-07-21")
    assert code == 0 and "closed 46 requests as no reply" in out
    code, out, _ = run(capsys, "foi", "status", "--today", "2026-07-21")
    assert "46 requests: 46 closed: no reply" in out and "board and dataset agree" in out


def test_show_one_request(workspace, capsys):
    run(capsys, "foi", "mark", "nspcc", "Police Scotland", "sent", "--date", "2026-05-20",
        "--today", "2026-06-01")
    run(capsys, "foi", "mark", "nspcc", "Police Scotland", "refused", "--date", "2026-06-10",
        "--section", "s.12", "--today", "2026-06-11")
    code, out, _ = run(capsys, "foi", "show", "nspcc", "Police Scotland", "--today",
                       "2026-06-11")
    assert code == 0
    assert out.splitlines()[:3] == ["Police Scotland (FOISA): answered",
                                    "  2026-05-20  sent", "  2026-06-10  classified refused s.12"]
    assert "review by (you): 17 August 2026" in out
    assert out.splitlines()[-1] == "next: reply-received, classified, review-asked, withdrawn"


def test_a_failed_import_says_where_the_reply_is_kept(workspace, capsys):
    run(capsys, "foi", "mark", "nspcc", "Herts", "sent", "--date", "2026-05-20")
    reply = workspace / "bad.csv"
    reply.write_text("area,period,measure,value\nAtlantis,2016/17,child_sex_offences,7\n",
                     encoding="utf-8")
    run(capsys, "foi", "attach", "nspcc", "Herts", str(reply), "--received", "2026-06-01")
    code, _, err = run(capsys, "foi", "import", "nspcc", "Herts")
    assert code == 1
    assert "the reply is kept" in err and "unknown area" in err


def test_attach_suggests_the_mark_command(workspace, capsys):
    run(capsys, "foi", "mark", "nspcc", "Herts", "sent", "--date", "2026-05-20")
    letter = workspace / "refusal.txt"
    letter.write_text("We refuse this under section 12 of the Act (cost).", encoding="utf-8")
    code, out, _ = run(capsys, "foi", "attach", "nspcc", "Herts", str(letter), "--received",
                       "2026-06-01")
    assert code == 0 and "s.12" in out
    assert "localwire foi mark nspcc Herts refused --section s.12" in out


@pytest.mark.parametrize(("args", "code", "message"), [
    (["foi", "mark", "nspcc", "Herts", "overdue"], 1, "computed"),
    (["foi", "mark", "nspcc", "Atlantis", "sent"], 1, "unknown area"),
    (["foi", "mark", "nspcc", "Herts", "sent", "--date", "2026-13-01"], 2, "--date"),
    (["foi", "mark", "nspcc", "Herts"], 2, "FORCES"),
    (["foi", "status", "--campaign", "other"], 1, "no FOI campaign"),
    (["foi", "status", "other"], 1, "no FOI campaign"),
    (["foi", "status", "nspcc", "--campaign", "other"], 2, "two campaigns given"),
    (["foi", "letters", "nspcc", "--out", "x", "--kind", "poem"], 2, "--kind"),
    (["foi", "letters", "nspcc", "--out", "x", "--kind", "review"], 1, "forces you name"),
    (["foi", "new", "again", "--question", "nspcc", "--question-file", "q.j2"], 2, "one of"),
])
def test_errors(workspace, capsys, monkeypatch, args, code, message):
    monkeypatch.chdir(workspace)
    returned, out, err = run(capsys, *args)
    assert returned == code and message in out + err


@pytest.mark.parametrize("command", ["new", "letters", "mark", "close", "attach", "import",
                                     "status", "show"])
def test_every_command_has_a_worked_example(capsys, command):
    assert main(["foi", command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Example: localwire foi " + command in out and "--db" in out
