"""Whether a spaCy pipeline needs PyTorch, and keeping torch out of extraction workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimledger.spacy_models import MODEL, needs_torch


def _fake_model(root: Path, name: str, config: str | None) -> None:
    package = root / name
    (package / f"{name}-1.0.0").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    if config is not None:
        (package / f"{name}-1.0.0" / "config.cfg").write_text(config, encoding="utf-8")


def test_the_default_pipeline_needs_no_torch() -> None:
    assert needs_torch(MODEL) is False


def test_transformer_or_unknown_pipelines_need_torch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_model(tmp_path, "fake_trf", '[components.transformer]\nfactory = "transformer"\n')
    _fake_model(tmp_path, "fake_wrapped", '@architectures = "spacy.PyTorchWrapper.v1"\n')
    _fake_model(tmp_path, "fake_cnn", '@architectures = "spacy.Tok2Vec.v2"\n')
    _fake_model(tmp_path, "fake_empty", None)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert needs_torch("fake_trf") is True
    assert needs_torch("fake_wrapped") is True
    assert needs_torch("fake_cnn") is False
    assert needs_torch("fake_empty") is True  # no config: unsure, so keep torch
    assert needs_torch("no_such_pipeline_installed") is True


# A fresh interpreter: keeping torch out is for the whole process.
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from claimledger.spacy_models import keep_torch_out, torch_kept_out

    kept_out = keep_torch_out()
    from claimledger.errors import SettingsError
    from claimledger.nlp import load_pipeline, parse_text

    try:
        import torch  # noqa: F401
        importable = True
    except ImportError:
        importable = False
    parsed = parse_text("The commander was killed in Aleppo on Monday, officials said.")
    people = [e.text for p in parsed.paragraphs for e in p.doc.ents]
    try:
        load_pipeline(sys.argv[1])
        refused = ""
    except SettingsError as exc:
        refused = str(exc)
    print(json.dumps({"kept_out": kept_out, "flag": torch_kept_out(),
                      "importable": importable, "ents": people, "refused": refused}))
    """
)


@pytest.mark.slow
def test_kept_out_torch_still_parses_and_refuses_torch_pipelines(tmp_path: Path) -> None:
    _fake_model(tmp_path, "fake_trf", '[components.transformer]\nfactory = "transformer"\n')
    script = tmp_path / "keep_out.py"
    script.write_text(SCRIPT, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script), "fake_trf"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])},
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["kept_out"] is True and report["flag"] is True
    assert report["importable"] is False
    assert "Aleppo" in report["ents"]
    assert "needs PyTorch" in report["refused"] and "workers=1" in report["refused"]
