"""CPU per password check, per hasher the portal accepts: what a log-in costs the server.

    DEBUG=1 python manage.py benchmark_passwords [--rounds 9] [--json]

CPU time (time.process_time), not wall time: the machine is shared, and a hash is pure CPU (and memory).
"""

import json
import statistics
import time

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "CPU per password check for each configured hasher (median over --rounds checks)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=9)
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, rounds: int, as_json: bool = False, **options):
        results = []
        for path in settings.PASSWORD_HASHERS:
            algorithm = import_string(path).algorithm
            encoded = make_password("demo", hasher=algorithm)
            times = []
            for _ in range(max(1, rounds)):
                start = time.process_time()
                check_password("demo", encoded)
                times.append(time.process_time() - start)
            results.append({"hasher": path, "cpu_ms": round(statistics.median(times) * 1000, 1)})
        if as_json:
            self.stdout.write(json.dumps(results))
            return
        self.stdout.write(f"{'hasher':<50} CPU per check (median of {rounds})")
        for row in results:
            self.stdout.write(f"{row['hasher']:<50} {row['cpu_ms']:>8.1f} ms")
