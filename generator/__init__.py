"""pressgen: bilingual motorsport press releases computed from structured round data.

The pipeline, one module per stage: loader -> schema -> classify / standings (compute) -> i18n ->
render -> pdf -> build (writes atomically under output/).
"""

__version__ = "0.1.0"
