"""Loaded by pytest before Django (``-p wcr.core.testing.pytest_env``): the test environment.

Tests run with DEBUG off, as in production, and with values that make the security checks pass.
Anything already set in the environment (``DATABASE_URL`` for PostgreSQL) wins.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DEMO_MODE", "false")
os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 60)
# The audit chain's signing key (tests of rotation set AUDIT_CHAIN_KEYS through override_settings).
os.environ.setdefault("AUDIT_CHAIN_KEY", "test:" + "k" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_FROM_FINDERS", "true")
# Rendered public pages are not kept in the database cache: its table is no model, so the flush
# between transactional (browser) tests would leave one test's pages to the next. The browser
# headers stay on; wcr/core/tests/test_public_cache.py switches the store on where it tests it.
os.environ.setdefault("PUBLIC_PAGE_CACHE", "false")
os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:1")
os.environ.setdefault("TASK_RETRY_BASE_SECONDS", "60")
