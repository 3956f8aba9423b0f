"""The command line, end to end on the seeds and on bad input (offline)."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from bibexport.cli import main

SEED_COUNTS = [10, 8, 4, 19, 7]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_seeds_offline_give_23_entries_and_per_file_counts(
    seeds: Path, tmp_path: Path, capsys
) -> None:
    out_file = tmp_path / "seeds.bib"
    code, out, err = run(["bib", str(seeds), "--offline", "-o", str(out_file)], capsys)
    assert code == 0, err
    assert out == ""
    text = out_file.read_text()
    assert len(re.findall(r"^@\w+\{", text, re.MULTILINE)) == 23
    counts = [int(m) for m in re.findall(r"^read\s+(\d+) records? from ", err, re.MULTILINE)]
    assert counts == SEED_COUNTS
    assert "could not be parsed" not in err
    assert "merged" in err and "23 entries to" in err


def test_seeds_offline_titleless_dump_records_get_titles_from_merge(seeds: Path, capsys) -> None:
    code, out, _ = run(["show", str(seeds), "--json"], capsys)
    assert code == 0
    records = json.loads(out)
    assert len(records) == 23
    untitled = [r["arxiv_id"] for r in records if not r["title"]]
    assert untitled == ["2202.07785"]


def test_without_output_file_bibtex_goes_to_stdout(seeds: Path, capsys) -> None:
    code, out, err = run(["bib", str(seeds / "002_0da990b18b5202ef.txt"), "--offline"], capsys)
    assert code == 0
    assert out.count("@misc{") + out.count("@article{") + out.count("@inproceedings{") == 4
    assert "4 entries to stdout" in err


def test_stdin_is_read_with_dash(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    data = "arXiv:1706.03762v5\nhttps://arxiv.org/pdf/2005.14165.pdf\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    code, out, err = run(["bib", "-", "--offline"], capsys)
    assert code == 0, err
    assert "1706.03762" in out and "2005.14165" in out
    assert "read    2 records from <stdin>" in err


def test_bad_files_are_reported_and_the_others_still_go_through(
    seeds: Path, tmp_path: Path, capsys
) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    code, _out, err = run(
        [
            "bib",
            str(tmp_path / "empty.txt"),
            str(tmp_path / "blob.bin"),
            str(seeds / "002_0da990b18b5202ef.txt"),
            "--offline",
        ],
        capsys,
    )
    assert code == 0
    assert "empty.txt: is empty" in err
    assert "blob.bin: looks like a binary file" in err
    assert "Traceback" not in err


def test_unparsed_chunk_is_reported_with_file_and_line(tmp_path: Path, capsys) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("2212.08073\nnot an identifier at all\narXiv:2204.05862v2\n")
    code, out, err = run(["bib", str(ids), "--offline"], capsys)
    assert code == 0
    assert f"{ids}:2" in err
    assert out.count("@misc{") == 2


def test_nothing_readable_exits_non_zero_with_one_line_reason(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty.txt").write_text("\n")
    code, _out, err = run(
        ["bib", str(tmp_path / "empty.txt"), "--offline", "-o", str(tmp_path / "x.bib")], capsys
    )
    assert code != 0
    assert "nothing to write" in err and "Traceback" not in err
    assert not (tmp_path / "x.bib").exists()


def test_unknown_format_is_one_clear_error(seeds: Path, capsys) -> None:
    code, _, err = run(["bib", str(seeds), "--format", "docx", "--offline"], capsys)
    assert code == 1
    assert "no reader plugin named 'docx'" in err


def test_forced_format_overrides_detection(tmp_path: Path, capsys) -> None:
    f = tmp_path / "list.dat"
    f.write_text("1706.03762\n")
    code, out, _err = run(["show", str(f), "--format", "identifiers"], capsys)
    assert code == 0 and "1706.03762" in out


def test_json_output_suffix_selects_csljson_writer(seeds: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "seeds.json"
    code, _, err = run(["bib", str(seeds), "--offline", "-o", str(target)], capsys)
    assert code == 0, err
    items = json.loads(target.read_text())
    assert len(items) == 23


def test_same_input_gives_byte_identical_output(seeds: Path, tmp_path: Path, capsys) -> None:
    a, b = tmp_path / "a.bib", tmp_path / "b.bib"
    run(["bib", str(seeds), "--offline", "-o", str(a)], capsys)
    run(["bib", str(seeds), "--offline", "-o", str(b)], capsys)
    assert a.read_bytes() == b.read_bytes()


def test_plugins_command_lists_builtins(capsys) -> None:
    code, out, _ = run(["plugins"], capsys)
    assert code == 0
    assert "readers: aitopics, alphaxiv, arxiv_dump, bibtex, catalyzex, identifiers" in out
