"""Shared infrastructure below every layer: settings, the database engine, the embedded server."""

import warnings

# pgserver asks platformdirs for a runtime dir when imported (by kit.embedded); without
# XDG_RUNTIME_DIR it warns on every run. Set here, before any kit module imports it.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
