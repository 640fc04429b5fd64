"""Extract: raw pages → clean article text and metadata (plain-text dumps, HTML, JSON Lines)."""

from whimbrel.extract.html import ExtractedPage, extract_html
from whimbrel.extract.language import detect_language
from whimbrel.extract.pages import ParsedPage, is_boilerplate, parse_page
from whimbrel.extract.published import parse_published
from whimbrel.extract.stage import ExtractStage, extract_article
from whimbrel.extract.wires import find_wires

__all__ = ["ExtractStage", "ExtractedPage", "ParsedPage", "detect_language", "extract_article", "extract_html",
           "find_wires", "is_boilerplate", "parse_page", "parse_published"]
