"""Browser fixtures (``make test-browser``); no other test uses them, and none is autouse."""

pytest_plugins = ["wcr.core.testing.browser"]
