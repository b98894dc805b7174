"""GET paths from a fresh process whose database is unreachable (its password must never show)."""

import json
import os
import subprocess
import sys

from django.conf import settings

PASSWORD = "s3cretpw"


def get_with_the_database_down(*paths: str) -> tuple[list[list], str]:
    """[[status, json body], ...] for each path, and the process's whole output."""
    code = (
        "import os, json, django; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "django.setup(); from django.test import Client; c = Client(); "
        f"r = [c.get(p) for p in {paths!r}]; "
        "print(json.dumps([[x.status_code, x.json()] for x in r]))"
    )
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"postgres://kantorentop:{PASSWORD}@127.0.0.1:1/kantorentop",
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stdout
