"""The benchmark's corpus is valid under every rule and translation check, and its script runs
its measurement steps (the figures themselves are the script's to print, not a test's)."""

import subprocess
import sys

from .conftest import ROOT


def test_the_synthetic_corpus_validates_and_is_fully_translated(tmp_path):
    corpus = tmp_path / "corpus"
    done = subprocess.run([sys.executable, "bench/build_bench.py", "--corpus", str(corpus)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    seasons = corpus / "seasons" if (corpus / "seasons").is_dir() else corpus
    validate = subprocess.run([sys.executable, "-m", "generator", "validate", str(seasons), "--strict"], cwd=ROOT, capture_output=True, text=True)
    assert validate.returncode == 0, validate.stderr
    status = subprocess.run([sys.executable, "-m", "generator", "translate", "status", str(seasons)], cwd=ROOT, capture_output=True, text=True)
    assert status.returncode == 0, status.stdout + status.stderr
    assert len(validate.stdout.splitlines()) == 5  # five seasons
