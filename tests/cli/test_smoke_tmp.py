import io, json
import pytest
from mailwarden.cli.main import main

def test_x(cast, capsys, monkeypatch):
    assert main(["--json", "domain", "list"]) == 0
    out = capsys.readouterr()
    print(out)
    assert main(["domain", "show", "a.example"]) == 0
    print(capsys.readouterr())
    assert main(["mailbox", "add", "a@@b.test", "--random-password"]) == 1
    print(capsys.readouterr())
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["mailbox", "add", "z@a.example"]) == 1
    print(capsys.readouterr())
    assert main(["--json", "audit", "list", "--limit", "2"]) == 0
    print(capsys.readouterr())
    assert 0
