"""`make bench-load`: the production server under 20 concurrent clients, on a demo province.

Builds the demo province (Nghệ An, 2022 shape) in a fresh SQLite database (or reuses the one
given with --db), starts the server exactly as `make serve` does (gunicorn, loopback only),
logs one client in as the province administrator, then alternates --rounds times between
  - the province dashboard (logged in), and
  - a trivial page (the login page, not logged in),
each driven by --clients threads for --seconds, every thread on its own keep-alive
connection. Prints p50/p95/p99 and requests/s of each phase, and the ratio of the p95s
(the median over the rounds). Target from issue #12: dashboard p95 <= 5 x trivial p95.

Every request goes to 127.0.0.1; every loop is bounded by time and by count; the server is
stopped at the end (also on Ctrl-C).
"""

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV_RUN = ["uv", "run", "--frozen", "--no-sync"]
MAX_REQUESTS_PER_PHASE = 200_000  # a bound besides the time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [*UV_RUN, "python", "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return done.stdout if capture else ""


PREPARE = """
from frontnet.accounts.models import User
from frontnet.units.models import Unit
user = User.objects.get(username="tinh")
user.set_password({password!r})
user.save(update_fields=["password"])
print("ROOT", Unit.objects.get(pk=user.unit_id).pk)
"""


def prepare(env: dict, db: Path, password: str) -> int:
    """Migrate and load the demo unless the database already has it; return the province id."""
    manage(env, "migrate", "--noinput", capture=True)
    out = ""
    try:
        out = manage(env, "shell", "-c", PREPARE.format(password=password), capture=True)
    except subprocess.CalledProcessError:
        pass
    if "ROOT" not in out:
        print(f"building the demo province in {db} (about two minutes)…", flush=True)
        manage(env, "demo", "--province", "40", "--shape", "legacy", capture=True)
        out = manage(env, "shell", "-c", PREPARE.format(password=password), capture=True)
    return int(re.search(r"ROOT (\d+)", out).group(1))


class Client:
    """One keep-alive connection with its own cookies."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # The server closed an idle keep-alive connection: open a new one, once.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, payload


def log_in(port: int, password: str) -> dict:
    client = Client(port)
    status, html = client.request("GET", "/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    status, _ = client.request(
        "POST",
        "/login/",
        {"csrfmiddlewaretoken": token, "username": "tinh", "password": password, "next": "/"},
    )
    if status != 302 or "sessionid" not in client.cookies:
        sys.exit(f"could not log in as tinh (HTTP {status})")
    return client.cookies


def phase(port: int, path: str, cookies: dict | None, clients: int, seconds: float):
    """`clients` threads request `path` for `seconds`; returns (latencies in s, errors, wall)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.perf_counter()
    stop_at = start + seconds

    def run():
        client = Client(port, cookies)
        mine = []
        while time.perf_counter() < stop_at and len(mine) < MAX_REQUESTS_PER_PHASE:
            t = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except Exception:
                status = 0
            mine.append(time.perf_counter() - t)
            if status != 200:
                with lock:
                    errors[0] += 1
        client.conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0], time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def report(name: str, latencies: list[float], errors: int, wall: float) -> float:
    p50, p95, p99 = (percentile(latencies, p) * 1000 for p in (50, 95, 99))
    print(
        f"  {name:<10} {len(latencies):>6} req  {len(latencies) / wall:>7.1f} req/s  "
        f"p50 {p50:>7.1f} ms  p95 {p95:>7.1f} ms  p99 {p99:>7.1f} ms  errors {errors}",
        flush=True,
    )
    return p95


def wait_until_up(port: int, server: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.time() + limit
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped (exit {server.returncode})")
        try:
            status, _ = Client(port).request("GET", "/login/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("the server did not answer in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="SQLite file to use (built once with the demo, then reused)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", default=os.environ.get("WEB_WORKERS", "2"))
    parser.add_argument("--threads", default=os.environ.get("WEB_THREADS", "4"))
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="frontnet-load-")
    db = Path(args.db) if args.db else Path(tmp.name) / "load.sqlite3"
    port = free_port()
    password = secrets.token_urlsafe(12)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WEB_WORKERS": str(args.workers),
        "WEB_THREADS": str(args.threads),
    }
    province = prepare(env, db, password)
    dashboard = f"/units/{province}/dashboard/"
    # The same command as `make serve`, on loopback only.
    server = subprocess.Popen(
        ["make", "-s", "serve", f"HOST=127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_up(port, server)
        cookies = log_in(port, password)
        warm = Client(port, cookies)
        for _ in range(3):  # the first view stores the day's figures; then it reads them
            status, body = warm.request("GET", dashboard)
            if status != 200:
                sys.exit(f"the dashboard answered HTTP {status}")
        print(
            f"gunicorn {args.workers} workers x {args.threads} threads, {args.clients} clients, "
            f"{args.rounds} rounds of {args.seconds:g} s each; dashboard {dashboard} "
            f"({len(body) // 1024} KB of HTML), trivial page /login/",
            flush=True,
        )
        ratios = []
        for n in range(1, args.rounds + 1):
            print(f"round {n}", flush=True)
            d95 = report("dashboard", *phase(port, dashboard, cookies, args.clients, args.seconds))
            t95 = report("trivial", *phase(port, "/login/", None, args.clients, args.seconds))
            ratios.append(d95 / t95)
            print(f"  p95 ratio {ratios[-1]:.1f}", flush=True)
        ratio = statistics.median(ratios)
        verdict = "met" if ratio <= 5 else "NOT met"
        print(
            f"p95 ratio dashboard/trivial: {ratio:.1f} (median of {len(ratios)}; target <= 5: {verdict})"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        tmp.cleanup()


if __name__ == "__main__":
    main()
