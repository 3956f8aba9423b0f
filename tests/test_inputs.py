"""Decoding and expanding inputs: encodings, line ends, binary and empty files, directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibexport.errors import ReadError
from bibexport.model import Report
from bibexport.pipeline import decode, expand_inputs, write_atomic


def test_crlf_and_bom_are_normalised() -> None:
    assert decode(b"\xef\xbb\xbfarXiv:2212.08073\r\nCreated: 2022-12-15\r\n", "f") == (
        "arXiv:2212.08073\nCreated: 2022-12-15\n"
    )


def test_latin1_bytes_are_read() -> None:
    assert decode("Sören Mindermann\n".encode("latin-1"), "f") == "Sören Mindermann\n"


def test_utf16_with_bom_is_read() -> None:
    assert decode("Kamilė Lukošiūtė\n".encode("utf-16"), "f") == "Kamilė Lukošiūtė\n"


def test_binary_input_is_a_clear_error_naming_the_file() -> None:
    with pytest.raises(ReadError, match=r"^paper\.pdf: looks like a binary file"):
        decode(b"%PDF-1.5\x00\x01\x02\x03" * 50, "paper.pdf")


def test_empty_input_is_a_clear_error() -> None:
    with pytest.raises(ReadError, match=r"^empty\.txt: is empty"):
        decode(b"  \n\n", "empty.txt")


def test_directories_expand_to_sorted_files_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    report = Report()
    assert expand_inputs([tmp_path], report) == [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert expand_inputs([tmp_path / "missing.txt"], report) == []
    assert "missing.txt: no such file" in report.errors[0]


def test_atomic_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]
