"""How passwords are stored: Argon2id with OWASP's parameters, instead of PBKDF2's 1.000.000 rounds.

PBKDF2 cost 0,27 s of CPU per log-in, half of all server time under 50 users (docs/benchmarks.md). Argon2id
is Django's first recommended hasher and costs memory rather than time, which is what slows an attacker
with GPUs. OWASP's Password Storage Cheat Sheet gives, as equivalent minimums, m=19 MiB, t=2, p=1 (among
others); Django's own defaults (m=100 MiB, p=8) would cost a web process 100 MiB per concurrent log-in.

Existing PBKDF2 hashes keep working (PBKDF2 stays in PASSWORD_HASHERS) and are rewritten as Argon2id at the
user's next successful log-in, by Django's check_password (the preferred hasher is the first one).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OWASPArgon2idHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1. Same algorithm name as Django's: a change of parameters is an upgrade
    at the next log-in (Argon2PasswordHasher.must_update compares them), not a new format."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
