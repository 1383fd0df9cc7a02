"""pressgen: motorsport press releases in every language of a season, computed from structured round
data and hand-written prose: web page, PDF/A, email and wire-text editions.

The pipeline, one module per stage (docs/architecture.md draws the layers):
loader -> schema -> load (validated seasons) -> classify / standings / compute -> facts -> render
(i18n, languages) -> editions / pdf -> build (plans, renders, writes atomically under output/);
published versions are frozen by the publish command.
"""

__version__ = "0.1.0"
