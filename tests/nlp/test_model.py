"""The spaCy pipeline as Whimbrel loads it (matrix products through NumPy's BLAS) annotates exactly as the
package loaded the stock way does, and the process stays single-threaded while it parses."""

import os
import subprocess
import sys

import spacy

from whimbrel.config import settings
from whimbrel.nlp.model import load_model, load_spacy

from .texts import varied_texts

# Long and short sentences, entities of many kinds, numbers, quotes, lower-cased wire copy, odd spacing:
# enough varied input that a differently rounded product would show in some tag, head or entity.
TEXTS = [
    "Police arrested 62 protesters in Khartoum on Thursday, a day after security forces fired tear gas.",
    "\"We will not negotiate under fire,\" Foreign Minister Mevlut Cavusoglu told reporters in Ankara.",
    "the district collector said on monday that section 144 had been imposed in three villages of "
    "muzaffarnagar after clashes left 4 dead and 17 injured.",
    "UNITED NATIONS (Reuters) - The Security Council voted 13-0, with China and Russia abstaining, to "
    "extend the mission in Mali by a year; the vote followed weeks of talks in New York and Bamako.",
    "Rebels shelled   the airport.\n\nThree UN peacekeepers were wounded, officials at MONUSCO said.",
    "Israel's army said it struck 12 Hamas targets in Gaza overnight after rockets were fired at Sderot.",
    # the tokenizer's special cases, prefixes, suffixes and URL pattern (Whimbrel loads them into a blank one)
    "Don't go, we can't wait :) e.g. the U.S.-led force (c. 1,200 men) isn't there yet... see "
    "https://example.org/a?b=1 or mail info@example.org -- 'twas 3:30pm, $4.5bn, 10km away; Gov. Smith's aides.",
]


def _texts() -> list[str]:
    return varied_texts(TEXTS, news_articles=25)


def _annotations(nlp, texts):  # type: ignore[no-untyped-def]
    return [[(t.text, t.idx, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_,
              t.is_sent_start) for t in doc]
            for doc in nlp.pipe(texts, batch_size=32)]


def test_numpy_blas_pipeline_annotates_exactly_like_the_stock_one():
    name = settings().spacy_model
    fast, stock = load_spacy(name), spacy.load(name)
    for pipe_name in ("tok2vec", "tagger", "parser", "ner"):
        assert fast.get_pipe(pipe_name).model.ops.use_blis is False
        assert stock.get_pipe(pipe_name).model.ops.use_blis is True
    texts = _texts()
    got, want = _annotations(fast, texts), _annotations(stock, texts)
    assert sum(map(len, want)) > 1000
    for text, a, b in zip(texts, got, want, strict=True):
        assert a == b, text[:80]


def test_whimbrel_pins_blas_to_one_thread_unless_told_otherwise():
    code = "import os, whimbrel; print(os.environ['OPENBLAS_NUM_THREADS'])"
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "1"
    env["OPENBLAS_NUM_THREADS"] = "3"
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "3"


def test_parsing_with_a_store_open_starts_no_thread(tmp_path):
    # A second thread (DuckDB's pools, a BLAS pool) makes the parser measurably slower: see duckdb_store.py.
    code = (
        "import os, sys\n"
        "from whimbrel.store import open_store\n"
        "from whimbrel.nlp.model import parse_texts\n"
        "store = open_store(sys.argv[1])\n"
        "list(parse_texts(['Police arrested 62 protesters in Khartoum on Thursday.']))\n"
        "print(len(os.listdir('/proc/self/task')))\n"
        "store.close()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "t.duckdb")], env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "1", out.stderr


def test_the_loaded_model_is_built_once():
    assert load_model() is load_model()


def test_spacy_is_imported_without_its_command_line_which_still_works_afterwards():
    code = (
        "import sys\n"
        "from whimbrel.nlp.model import load_model\n"
        "load_model()\n"
        "print('spacy.cli' in sys.modules, 'requests' in sys.modules)\n"
        "import spacy, spacy.cli\n"
        "print(hasattr(spacy.cli, 'app'), spacy.info()['spacy_version'] == spacy.__version__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "True", "True"], out.stderr
