"""A plugin that needs a module nobody installed."""

import newslint_missing_dependency  # noqa: F401  (deliberately absent)
