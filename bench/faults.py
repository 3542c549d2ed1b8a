"""The fault benchmark (issue #11, items 1-4): each hostile file against a running server.

Starts `manage.py runserver` on loopback (DJANGO_DEBUG=1, a temporary SQLite database and
media folder, one commune user), uploads each file as that user, and prints per file: the
HTTP status, the peak RSS of the server process, the seconds, and whether the server still
answers afterwards. A server that died is started again for the next file. A watchdog stops
the server past --rss-cap-mb so that the code before the fix cannot take the machine down.

    python bench/faults.py                      # this checkout
    python bench/faults.py --project /work/main # the same files against another checkout
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from frontnet.core import hostile  # noqa: E402

PASSWORD = secrets.token_urlsafe(12)


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status_code, self.headers, self.content = status, headers, body
        self.text = body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """The few requests the bench makes, with cookies (the standard library only)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    @property
    def cookies(self) -> dict:
        return {c.name: c.value for c in self.jar}

    def request(self, method, url, *, data=None, files=None, headers=None, timeout=60, **_):
        headers = dict(headers or {})
        body = None
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for key, value in (data or {}).items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                    f"{value}\r\n".encode()
                )
            for key, (name, content) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                    f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                    + content
                    + b"\r\n"
                )
            parts.append(f"--{boundary}--\r\n".encode())
            body = b"".join(parts)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)


class RequestFailed(Exception):
    pass


SETUP = """
from frontnet.accounts.models import Role, User
from frontnet.units.models import Level
from frontnet.units.services import unit_create
levels = {lv.key: lv for lv in Level.objects.all()}
p = unit_create(parent=None, name="Tỉnh Thử", division_type="tỉnh", level=levels["province"], by=None, code="99")
d = unit_create(parent=p, name="Huyện An", division_type="huyện", level=levels["district"], by=None, code="991")
c = unit_create(parent=d, name="Xã An Một", division_type="xã", level=levels["commune"], by=None, code="99101")
User.objects.create_user(username="xa", password=%r, role=Role.UNIT_STAFF, unit=c)
print("UNIT", c.pk)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(found.group(1)) / 1024 if found else 0.0


class Server:
    def __init__(self, project: Path, env: dict, cap_mb: int):
        self.project, self.env, self.cap_mb = project, env, cap_mb
        self.port = free_port()
        self.process = None
        self.killed_by_watchdog = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        python = self.project / ".venv" / "bin" / "python"
        self.process = subprocess.Popen(
            [str(python), "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=self.project,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            if self.answers():
                return
            time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def answers(self) -> bool:
        try:
            return Session().get(f"{self.url}/login/", timeout=5).status_code == 200
        except OSError:
            return False

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def login(server: Server) -> Session:
    session = Session()
    session.get(f"{server.url}/login/", timeout=10)
    token = session.cookies["csrftoken"]
    response = session.post(
        f"{server.url}/login/",
        data={"username": "xa", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{server.url}/login/"},
        timeout=10,
    )
    assert response.status_code == 302, response.status_code
    return session


def files() -> list[tuple[str, str, object]]:
    """(label, file name, bytes or a callable making them)."""
    return [
        ("1: A1 + XFD1048576 (1.6 KB)", "o-xa.xlsx", hostile.far_cell),
        ("2: 970,000 rows", "dong.xlsx", lambda: hostile.many_rows(970_000)),
        ("2: 1 GB of XML", "bom.xlsx", lambda: hostile.unpacked_bomb(1024)),
        ("3: 100 MB upload", "lon100.xlsx", lambda: b"PK\x03\x04" + os.urandom(100 * 2**20)),
        ("3: 200 MB upload", "lon200.xlsx", lambda: b"PK\x03\x04" + os.urandom(200 * 2**20)),
        ("4: odd sheet names", "la.xlsx", hostile.odd_sheet_names),
    ]


def run_one(server: Server, unit: int, label: str, name: str, make) -> dict:
    data = make() if callable(make) else make
    if not server.alive():
        server.start()
    session = login(server)
    token = session.cookies["csrftoken"]
    peak = [rss_mb(server.process.pid)]
    done = threading.Event()

    def watch():
        while not done.is_set():
            now = rss_mb(server.process.pid)
            peak[0] = max(peak[0], now)
            if now > server.cap_mb:
                server.killed_by_watchdog = True
                server.process.kill()
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    server.killed_by_watchdog = False
    started = time.monotonic()
    status, extra = "-", ""
    try:
        response = session.post(
            f"{server.url}/units/{unit}/import/",
            files={"file": (name, data)},
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{server.url}/units/{unit}/import/"},
            timeout=600,
            allow_redirects=False,
        )
        status = response.status_code
        location = response.headers.get("Location", "")
        if location:
            page = session.get(f"{server.url}{location}", timeout=600)
            found = re.search(r'class="errors">([^<]*)<', page.text)
            extra = found.group(1).strip()[:110] if found else ""
            if "rejected.xlsx" in page.text:
                rejected = session.get(f"{server.url}{location}rejected.xlsx", timeout=600)
                extra = f"rejected-rows download: {rejected.status_code}"
        else:
            found = re.search(r'class="errorlist"[^>]*><li>([^<]*)<', response.text)
            extra = found.group(1).strip()[:110] if found else ""
    except OSError as exc:
        status = f"no answer ({type(exc).__name__})"
    seconds = time.monotonic() - started
    done.set()
    watcher.join()
    answers = server.answers()
    if server.killed_by_watchdog:
        extra = f"killed by the bench past {server.cap_mb} MB"
    elif not server.alive():
        extra = f"server died (exit {server.process.returncode})"
    return {
        "file": label,
        "bytes": len(data),
        "status": status,
        "peak_rss_mb": round(peak[0]),
        "seconds": round(seconds, 1),
        "answers_after": answers,
        "note": extra,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", default=str(HERE), help="the checkout whose server runs")
    parser.add_argument("--rss-cap-mb", type=int, default=6000)
    parser.add_argument("--only", nargs="*", help="labels starting with these (e.g. 1 2)")
    args = parser.parse_args()
    project = Path(args.project).resolve()
    work = Path(tempfile.mkdtemp(prefix="faults-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "PYTHONPATH": str(project),
    }
    python = str(project / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", SETUP % PASSWORD],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    unit = int(re.search(r"UNIT (\d+)", out).group(1))
    server = Server(project, env, args.rss_cap_mb)
    server.start()
    print(f"server: {project} on {server.url}, baseline RSS {rss_mb(server.process.pid):.0f} MB")
    print(f"{'file':30} {'size':>10} {'status':>8} {'peak RSS':>9} {'seconds':>8}  answers  note")
    try:
        for label, name, make in files():
            if args.only and not any(label.startswith(o) for o in args.only):
                continue
            r = run_one(server, unit, label, name, make)
            print(
                f"{r['file']:30} {r['bytes']:>10,} {r['status']!s:>8} {r['peak_rss_mb']:>6} MB "
                f"{r['seconds']:>8}  {'yes' if r['answers_after'] else 'NO':7}  {r['note']}",
                flush=True,
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
