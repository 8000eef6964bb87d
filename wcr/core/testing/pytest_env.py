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
os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:1")
os.environ.setdefault("TASK_RETRY_BASE_SECONDS", "60")
