"""The polite fetcher against a real HTTP server on 127.0.0.1 (tests/ingest/local_site.py)."""

from __future__ import annotations

import json

import pytest

import whimbrel
from whimbrel.errors import ConfigError, FetchError, InputError, RobotsDisallowedError
from whimbrel.ingest.fetch import Fetcher, FetchPolicy, is_url
from whimbrel.ingest.remote import fetch_to_jsonl, url_articles
from whimbrel.pipeline import Failure
from whimbrel.records import Article

from .local_site import ARABIC, PAGE, news_site, serving, unwell_site


def policy(**kw) -> FetchPolicy:
    base = {"user_agent": f"Whimbrel/{whimbrel.__version__} (+https://github.com/whimbrel; offline news event coder)",
            "delay": 0.0, "timeout": 5.0, "retries": 2, "backoff": 0.01, "max_bytes": 1_000_000}
    return FetchPolicy(**{**base, **kw})


@pytest.fixture()
def site():
    with serving(news_site()) as s:
        yield s


def test_a_page_comes_back_with_its_metadata_and_a_user_agent_naming_whimbrel(site):
    result = Fetcher(policy()).fetch(f"{site.base}/page.html")
    assert result.status == 200 and result.content == PAGE.encode()
    assert result.content_type == "text/html" and result.charset == "utf-8"
    assert result.final_url == result.url == f"{site.base}/page.html"
    assert result.fetched_at.tzinfo is not None
    assert [h.path for h in site.hits] == ["/robots.txt", "/page.html"]
    assert {h.user_agent for h in site.hits} == {
        f"Whimbrel/{whimbrel.__version__} (+https://github.com/whimbrel; offline news event coder)"}


def test_the_user_agent_comes_from_the_settings(monkeypatch):
    monkeypatch.setenv("WHIMBREL_USER_AGENT", "Whimbrel-test/9 (+mailto:desk@example.org)")
    monkeypatch.setenv("WHIMBREL_FETCH_DELAY", "0.25")
    p = FetchPolicy.from_settings(timeout=3.0, max_bytes=None)
    assert p.user_agent == "Whimbrel-test/9 (+mailto:desk@example.org)"
    assert (p.delay, p.timeout, p.max_bytes) == (0.25, 3.0, 10 * 1024 * 1024)
    monkeypatch.setenv("WHIMBREL_FETCH_DELAY", "soon")
    with pytest.raises(ConfigError, match="WHIMBREL_FETCH_DELAY must be a number"):
        FetchPolicy.from_settings()


def test_robots_txt_is_fetched_once_per_host_and_honoured(site):
    fetcher = Fetcher(policy())
    fetcher.fetch(f"{site.base}/page.html")
    fetcher.fetch(f"{site.base}/page-2.html")
    for path in ("/private/report.html", "/members/page.html"):  # "*" rules and Whimbrel's own group
        with pytest.raises(RobotsDisallowedError) as info:
            fetcher.fetch(f"{site.base}{path}")
        assert "robots.txt disallows" in str(info.value) and info.value.reason == "robots"
        assert str(info.value).startswith(f"{site.base}{path}: ")
        assert site.count(path) == 0
    assert site.count("/robots.txt") == 1


def test_robots_txt_that_fails_with_5xx_closes_the_site_for_the_run_and_404_opens_it(site):
    with serving(unwell_site()) as unwell:
        fetcher = Fetcher(policy(retries=1))
        with pytest.raises(RobotsDisallowedError, match="503"):
            fetcher.fetch(f"{unwell.base}/page.html")
        with pytest.raises(RobotsDisallowedError):
            fetcher.fetch(f"{unwell.base}/page.html")
        assert unwell.count("/page.html") == 0 and unwell.count("/robots.txt") == 2  # first try + one retry
    del site.routes["/robots.txt"]  # 404: no robots.txt, everything allowed
    assert Fetcher(policy()).fetch(f"{site.base}/private/report.html").status == 200


def test_requests_to_one_host_are_spaced_by_the_delay(site):
    fetcher = Fetcher(policy(delay=0.3))
    for path in ("/page.html", "/page-2.html", "/page-3.html"):
        fetcher.fetch(f"{site.base}{path}")
    times = [h.at for h in site.hits]  # robots.txt counts as a request too
    assert len(times) == 4
    assert all(later - earlier >= 0.25 for earlier, later in zip(times, times[1:], strict=False))


def test_a_404_feed_is_a_clear_error_and_not_retried(site):
    with pytest.raises(FetchError) as info:
        Fetcher(policy()).fetch(f"{site.base}/missing-feed.xml")
    assert info.value.status == 404 and info.value.reason == "status"
    assert str(info.value) == f"{site.base}/missing-feed.xml: HTTP 404 Not Found"
    assert site.count("/missing-feed.xml") == 1


def test_redirects_are_followed_and_loops_reported(site):
    fetcher = Fetcher(policy())
    moved = fetcher.fetch(f"{site.base}/moved")
    assert moved.final_url == f"{site.base}/page.html" and moved.redirects == (f"{site.base}/moved",)
    with pytest.raises(FetchError, match="redirect loop") as info:
        fetcher.fetch(f"{site.base}/loop/a")
    assert info.value.reason == "redirects" and "/loop/a → " in str(info.value)
    assert site.count("/loop/a") == 1 and site.count("/loop/b") == 1
    with pytest.raises(FetchError, match="more than 0 redirects"):
        Fetcher(policy(max_redirects=0)).fetch(f"{site.base}/moved")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "/etc/passwd", "http://"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError) as info:
        Fetcher(policy()).fetch(url)
    assert info.value.reason == "scheme"


def test_a_redirect_to_a_file_url_is_refused(site):
    with pytest.raises(FetchError, match="only http and https") as info:
        Fetcher(policy()).fetch(f"{site.base}/to-file")
    assert "file:///etc/passwd" in str(info.value)


def test_a_503_is_retried_with_backoff(site):
    waits: list[float] = []
    fetcher = Fetcher(policy(backoff=0.05), sleep=lambda s: waits.append(s))
    assert fetcher.fetch(f"{site.base}/flaky.html").content == PAGE.encode()
    assert site.count("/flaky.html") == 2 and waits == [0.05]


def test_a_429_waits_as_long_as_retry_after_asks(site):
    waits: list[float] = []
    fetcher = Fetcher(policy(backoff=0.01), sleep=lambda s: waits.append(s))
    assert fetcher.fetch(f"{site.base}/busy.html").status == 200
    assert waits == [1.0] and site.count("/busy.html") == 2


def test_a_retry_after_beyond_the_cap_is_not_waited_for(site):
    with pytest.raises(FetchError, match="come back in 3600 s") as info:
        Fetcher(policy(max_retry_after=5)).fetch(f"{site.base}/closed.html")
    assert info.value.status == 503 and site.count("/closed.html") == 1


def test_the_size_cap_is_enforced_before_reading_and_while_streaming(site):
    fetcher = Fetcher(policy(max_bytes=100_000))
    with pytest.raises(FetchError, match="size cap of 100,000 bytes") as declared:
        fetcher.fetch(f"{site.base}/huge-declared.html")
    with pytest.raises(FetchError, match="size cap") as streamed:
        fetcher.fetch(f"{site.base}/huge-streamed.html")
    assert declared.value.reason == streamed.value.reason == "too-large"
    assert site.count("/huge-streamed.html") == 1  # not retried


def test_a_slow_server_trips_the_read_timeout(site):
    with pytest.raises(FetchError, match="timed out") as info:
        Fetcher(policy(timeout=0.5, retries=1)).fetch(f"{site.base}/slow.html")
    assert info.value.reason == "timeout" and "after 2 attempts" in str(info.value)


def test_gzip_content_encoding_is_decoded(site):
    result = Fetcher(policy()).fetch(f"{site.base}/gzip.html")
    assert result.content == PAGE.encode() and result.headers["content-encoding"] == "gzip"
    assert "gzip" in site.hits[-1].accept_encoding


@pytest.mark.parametrize("path", ["/deflate-zlib", "/deflate-raw"])
def test_deflate_is_decoded_wrapped_or_raw(site, path):
    assert Fetcher(policy()).fetch(f"{site.base}{path}").content == PAGE.encode()


def test_the_size_cap_applies_to_the_decompressed_body(site):
    with pytest.raises(FetchError, match="size cap of 1,000,000 bytes"):
        Fetcher(policy()).fetch(f"{site.base}/bomb.html")


def test_a_charset_given_only_in_the_header_decodes_the_page(site):
    [article] = list(url_articles(f"{site.base}/arabic.html", Fetcher(policy())))
    assert isinstance(article, Article) and article.format == "html"
    assert article.raw == ARABIC and article.url == f"{site.base}/arabic.html"


def test_a_feed_gives_its_entries_with_their_full_pages_and_falls_back_on_a_dead_link(site):
    items = list(url_articles(f"{site.base}/feed.xml", Fetcher(policy())))
    kinds = [type(x).__name__ for x in items]
    assert kinds == ["Article", "Article", "Failure", "Article"]
    strike, aid, warning, minister = items
    assert "Police fired tear gas" in strike.raw and strike.format == "html"  # the page, not the summary
    assert strike.meta["title"] == "Dock workers strike over unpaid wages"
    assert strike.meta["published"] == "2024-03-11T06:10:00+00:00"
    assert strike.meta["source"] == "The Meridian Ledger - World"
    assert strike.url == f"{site.base}/news/port-strike.html" and strike.path == f"{site.base}/feed.xml"
    assert "World Food Programme" in aid.raw
    assert warning.where == f"{site.base}/news/withdrawn.html" and "HTTP 404" in warning.message
    assert "feed entry's own text is used instead" in warning.message
    assert "interior minister resigned" in minister.raw  # the entry's description stands in
    assert len({a.id for a in (strike, aid, minister)}) == 3


def test_a_404_feed_or_a_binary_body_fails_alone_and_the_rest_is_fetched(site, tmp_path):
    urls = [f"{site.base}/missing-feed.xml", f"{site.base}/loop/a", f"{site.base}/picture.png",
            f"{site.base}/page.html"]
    out = tmp_path / "fetched.jsonl"
    seen: list[object] = []
    with open(out, "w", encoding="utf-8") as fh:
        report = fetch_to_jsonl(urls, fh, fetcher=Fetcher(policy()), on_result=seen.append)
    assert report.records == 1 and report.failed == 3 and len(seen) == 4
    assert [f.where for f in report.failures] == urls[:3]
    [line] = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert set(record) == {"id", "url", "html", "title", "published", "source"}
    assert record["url"] == f"{site.base}/page.html" and "Ceasefire talks" in record["html"]


def test_a_feed_without_page_fetching_uses_the_entries_and_touches_no_link(site):
    items = list(url_articles(f"{site.base}/feed.xml", Fetcher(policy()), fetch_pages=False))
    assert all(isinstance(x, Article) for x in items) and len(items) == 3
    assert site.count("/news/port-strike.html") == 0


def test_urls_given_to_process_need_the_fetch_option(site):
    from whimbrel.ingest import read_inputs

    [failure] = list(read_inputs([f"{site.base}/page.html"]))
    assert isinstance(failure, Failure) and "--fetch" in failure.message
    assert site.hits == []  # nothing was fetched
    [article] = list(read_inputs([f"{site.base}/page.html"], fetcher=Fetcher(policy())))
    assert isinstance(article, Article) and article.url == f"{site.base}/page.html"


def test_is_url_tells_urls_from_paths():
    assert is_url("https://example.org/a") and is_url("file:///tmp/x") and is_url("FTP://x")
    assert not is_url("feed.xml") and not is_url("C:\\news\\a.html") and not is_url("-")


def test_fetch_errors_are_input_errors():
    assert issubclass(FetchError, InputError) and issubclass(RobotsDisallowedError, FetchError)
