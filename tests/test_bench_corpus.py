"""The benchmark's corpus generator: deterministic, varied, and readable by the pipeline."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
N = 120


@pytest.fixture(scope="module")
def corpus():
    spec = importlib.util.spec_from_file_location("contractwatch_bench_corpus", BENCH / "corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def sample(corpus):
    return corpus.generate(N, pdfs=2)


def test_generator_is_deterministic(corpus, sample):
    again = corpus.generate(N, pdfs=2)
    assert [d.text for d in again] == [d.text for d in sample]
    assert [d.html for d in again] == [d.html for d in sample]
    assert [d.pdf for d in again] == [d.pdf for d in sample]
    assert [d.manifest() for d in again] == [d.manifest() for d in sample]
    # Document i depends only on (seed, i): not on the corpus size; another seed differs.
    assert corpus.make_doc(7).text == sample[7].text
    assert corpus.make_doc(7, seed=1).text != sample[7].text


def test_all_styles_and_forms(corpus, sample):
    assert {d.style for d in sample} == set(corpus.STYLES)
    assert len({d.source for d in sample}) == N  # unique keys for the store
    for d in sample:
        assert corpus.MIN_WORDS <= d.words <= corpus.MAX_WORDS, (d.id, d.words)
        if d.style in corpus.MODERNGOV_STYLES:
            assert 'id="modgov"' in d.html and 'class="mgSubTitleTxt"' in d.html
        elif d.style in corpus.NEWS_STYLES:
            assert all(tag in d.html for tag in ("<nav", "<header", "<footer", "<script", 'class="related"'))
        else:
            assert d.html is None
        if d.style.startswith("negative"):
            assert d.truth == []
        else:
            assert d.truth and d.truth[0]["kind"] in ("tender", "award", "extend", "end", "insource", "outsource")
    pdfs = [d for d in sample if d.pdf]
    assert len(pdfs) == 2 and all(d.pdf.startswith(b"%PDF-") and d.style in corpus.REPORT_STYLES for d in pdfs)
    assert any("£" in d.text for d in sample)
    assert any(d.words > 1000 for d in sample) and any(d.words < 300 for d in sample)


def _check(conv, source):
    from contractwatch.extract import extract

    record = extract(conv.text, source=source, hints=conv.hints)
    for ev in record.events:
        for e in ev.evidence:
            assert 0 <= e.start <= e.end <= len(conv.text), (source, e)
            assert conv.text[e.start:e.end] == e.text, (source, e.field, e.text)
    return record


def test_text_documents_convert_and_extract_with_exact_evidence(sample):
    from contractwatch.sources.convert import convert

    for d in sample[:100]:
        conv = convert(d.text.encode("utf-8"), f"{d.id}.txt", source=d.source)
        assert conv.format == "text" and conv.text == d.text
        _check(conv, d.source)


def test_html_and_pdf_forms_convert_and_extract(corpus, sample):
    from contractwatch.sources.convert import convert

    mg = [d for d in sample if d.style in corpus.MODERNGOV_STYLES][:6]
    news = [d for d in sample if d.style in corpus.NEWS_STYLES][:6]
    for d in mg + news:
        conv = convert(d.html.encode("utf-8"), f"{d.id}.html", source=d.source)
        assert conv.format == "html"
        assert d.title.split()[0] in conv.text
        if d in news:
            assert "Privacy notice" not in conv.text and "Sign up for our free newsletter" not in conv.text
        _check(conv, d.source)
    for d in (d for d in sample if d.pdf):
        conv = convert(d.pdf, f"{d.id}.pdf")
        assert conv.format == "pdf" and conv.title == d.title.translate(corpus.LATIN1)
        _check(conv, d.source)
