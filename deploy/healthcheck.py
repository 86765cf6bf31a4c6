"""Container health check: GET /healthz on the local gunicorn; exit 0 when it answers ok.

Django refuses requests whose Host is not in ALLOWED_HOSTS, so ask for the first
allowed host rather than 127.0.0.1. /healthz is exempt from the HTTPS redirect.
Standard library only: it runs every 30 seconds and must stay cheap.
"""

import os
import sys
import urllib.error
import urllib.request


def host_header(allowed_hosts: str) -> str:
    for host in allowed_hosts.split(","):
        host = host.strip()
        if host and host != "*":
            # ".example.org" allows example.org and every subdomain of it.
            return host.lstrip(".")
    return "localhost"


def main() -> int:
    request = urllib.request.Request(  # noqa: S310 - a local http URL set by us
        os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz"),
        headers={"Host": host_header(os.environ.get("ALLOWED_HOSTS", ""))},
    )
    try:
        with urllib.request.urlopen(request, timeout=8) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthz failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
