"""Self-contained HTML reports: a pair report, a synopsis and a series' history, from their view models.

One UTF-8 file per report, CSS and JS inlined, no request to the network (a
Content-Security-Policy with the hashes of our own style and script says so to
the browser too, so even text that escaped escaping could not run or fetch).
Output is deterministic: the same comparison gives the same bytes, unless a
timestamp is asked for.
"""
from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources
from typing import Optional, Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import __version__
from ..models import Comparison
from .historyview import HistoryView, build_history
from .labels import labels, page_language
from .pairview import PairView, build_pair
from .synopsisview import SynopsisView, build_synopsis

__all__ = ["environment", "render_pair", "render_synopsis", "render_html", "render_many",
           "render_history", "render_history_data"]


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """Return the Jinja2 environment of the report templates (autoescape always on)."""
    env = Environment(loader=PackageLoader("versiondiff", "render/templates"),
                      autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["pct"] = lambda value, digits=0: f"{value * 100:.{digits}f}%"
    return env


@functools.lru_cache(maxsize=None)
def _static(name: str) -> str:
    """Return the text of a file in ``render/static`` (inlined into every page)."""
    text = resources.files("versiondiff.render").joinpath("static", name).read_text(encoding="utf-8")
    if "</" in text.replace("<\\/", ""):   # would end the <style>/<script> element early
        raise ValueError(f"static/{name} must not contain '</'")
    return text


def _sha256(text: str) -> str:
    """Return a CSP source expression allowing exactly this inline text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _css_string(text: str) -> str:
    """Return text as a CSS string literal, every character outside ASCII letters and digits escaped.

    >>> print(_css_string('a"</style>'))
    "a\\22 \\3c \\2f style\\3e "
    """
    return '"' + "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):x} " for ch in text) + '"'


def _running_head(left: str, right: str) -> str:
    """Return the print stylesheet's running header (both titles) and page numbers for one page."""
    return ("@media print { @page { @top-left { content: " + _css_string(left) + "; }"
            " @top-right { content: " + _css_string(right) + "; }"
            " @bottom-center { content: counter(page) \" / \" counter(pages); } } }")


def _page_context(timestamp: Optional[str], extra: Sequence[str] = (), lang: str = "zh",
                  page_css: str = "") -> dict:
    """Return what every page needs: inlined assets, their CSP hashes, version, timestamp.

    ``extra`` names a page's own stylesheet and script (``history`` →
    ``history.css``/``history.js``), appended to the shared ones so the page
    still has one ``<style>`` and one ``<script>`` with one hash each.
    """
    css = "\n".join([_static("report.css"), *(_static(f"{name}.css") for name in extra), page_css])
    js = "\n".join([_static("report.js"), *(_static(f"{name}.js") for name in extra)])
    csp = (f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; "
           "base-uri 'none'; form-action 'none'")
    # Markup: the policy is ours and its quotes must reach the browser as quotes
    return {"css": Markup(css), "js": Markup(js), "csp": Markup(csp), "version": __version__,
            "timestamp": timestamp or "", "t": labels(lang)}


def render_pair(view: PairView, timestamp: Optional[str] = None, substance=None) -> str:
    """Return the HTML page of a two-document report (``substance``: its "Substance" section view)."""
    head = _running_head(f"{view.old.title}", f"{view.new.title}")
    return environment().get_template("pair.html.j2").render(
        view=view, substance=substance,
        **_page_context(timestamp, extra=("substance",), lang=view.lang, page_css=head))


def render_synopsis(view: SynopsisView, timestamp: Optional[str] = None, targets_matrix=None) -> str:
    """Return the HTML page of a synopsis of three or more documents (and its targets matrix)."""
    head = _running_head(view.title, "")
    return environment().get_template("synopsis.html.j2").render(
        view=view, targets_matrix=targets_matrix,
        **_page_context(timestamp, extra=("substance",), lang=view.lang, page_css=head))


def render_history(view: HistoryView, timestamp: Optional[str] = None) -> str:
    """Return the HTML page of a series' history: its timeline and the lineage of its newest version."""
    return environment().get_template("history.html.j2").render(
        view=view, **_page_context(timestamp, extra=("history",), lang=view.lang))


def render_history_data(data: dict, timestamp: Optional[str] = None, lang: Optional[str] = None) -> str:
    """Return the history page of :func:`versiondiff.lineage.history` data (``lang``: zh/en, default the texts')."""
    return render_history(build_history(data, lang), timestamp)


def render_html(comp: Comparison, timestamp: Optional[str] = None, lang: Optional[str] = None) -> str:
    """Return the pair report of a Comparison (interface language ``zh``/``en``, default from the texts)."""
    from .substanceview import build_substance_view
    return render_pair(build_pair(comp, lang), timestamp, build_substance_view(comp))


def render_many(comparisons: Sequence[Comparison], timestamp: Optional[str] = None,
                lang: Optional[str] = None) -> str:
    """Return the synopsis of the pairwise comparisons from :func:`versiondiff.compare_many`."""
    from .substanceview import synopsis_targets
    return render_synopsis(build_synopsis(comparisons, lang), timestamp, synopsis_targets(comparisons))
