"""Parley's benchmarks: real `parley serve` processes on loopback, loaded by wrk and by this script.

Usage: bench.py --bin DIR [--postgres URL] [--quick] [--json FILE]

DIR holds the `parley` and `parley-bench` executables (a release build for real figures). Each database (SQLite,
and PostgreSQL when --postgres names a server) gets a fresh server per measurement. Every figure is the median of
several runs (one run with --quick, the smoke test CI runs), and the HTTP figures are reported beside the same
binary's GET /health, measured in the same run. Prints a Markdown table; --json also writes every figure.
The script checks that each measurement worked, never how fast it was: timing goals are read off the table.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

CAMPAIGN = {
    "campaignType": "NEW_CANDIDATE_OUTREACH",
    "channel": "SMS",
    "campaignTitle": "Barista",
    "campaignDescription": "Make great coffee in our Berlin roastery. 30 hours a week.",
    "closingMethod": "MEETING_URL",
    "meetingUrl": "https://cal.example.com/acme/intro",
    "closingMessage": "Great, you're through! Pick a time that suits you.",
    "rejectionMessage": "Thanks for your time; we'll keep your details on file.",
    "questions": [
        {"questionType": "YES_NO", "content": "Can you work weekends?", "isMandatory": True},
        {"questionType": "YES_NO", "content": "Do you have a barista certificate?", "isMandatory": True},
    ],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


class Server:
    """A `parley serve` on a fresh database, with the demo organization's credentials."""

    def __init__(self, binary, database):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PARLEY_LOG_LEVEL="error", PARLEY_RATE_LIMIT_PER_KEY="0", PARLEY_RATE_LIMIT_PER_ORGANIZATION="0")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--database", database],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        while True:
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() - started > 60:
                raise RuntimeError("the server did not start")
            time.sleep(0.002)
        self.ready_seconds = time.monotonic() - started
        output = ""
        while not re.search(r"API key\s+prly_\S+", output):
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the server printed no demo organization")
            output += line
        self.organization = re.search(r"organization id\s+(\S+)", output).group(1)
        self.key = re.search(r"API key\s+(prly_\S+)", output).group(1)

    def headers(self):
        return {"x-api-key": self.key, "x-organization-id": self.organization, "content-type": "application/json"}

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=self.headers())
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")

    def stop(self):
        """SIGTERM, and the seconds until the process has exited."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        return time.monotonic() - started


def wrk(url, headers, seconds):
    command = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw errors from {url}:\n{output}")

    def ms(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), "p50_ms": ms("50"), "p99_ms": ms("99")}


def messages(server, conversation):
    return server.call("GET", f"/v1/conversations/{conversation}/messages?limit=100")[1]["data"]


def wait_for(condition, what, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)


def parse_time(text):
    # 2027-01-15T08:00:00.123Z: milliseconds since midnight are enough for differences within a run.
    clock = text[11:-1]
    hours, minutes, seconds = clock.split(":")
    return (int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000


def turnaround(server, count):
    """Server-side milliseconds from a candidate's reply being stored to the agent's answer being stored, for
    `count` conversations replying at once."""
    _, campaign = server.call("POST", "/v1/campaigns", CAMPAIGN)
    phones = [f"+1415555{index:04d}" for index in range(count)]
    contacts = [{"firstName": "Ada", "phoneNumber": phone} for phone in phones]
    _, created = server.call("POST", "/v1/conversations/bulk", {"campaignId": campaign["id"], "contacts": contacts})
    if created["summary"]["failed"]:
        raise RuntimeError(f"bulk create refused: {created['errors'][:3]}")
    ids = [conversation["id"] for conversation in created["data"]]
    wait_for(lambda: all(len([m for m in messages(server, c) if m["role"] == "AGENT"]) >= 2 for c in ids), "the openings")
    barrier = threading.Barrier(count)

    def reply(phone):
        barrier.wait()
        server.call("POST", "/v1/sandbox/inbound", {"channel": "SMS", "from": phone, "content": "yes"})

    threads = [threading.Thread(target=reply, args=(phone,)) for phone in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for(lambda: all(len([m for m in messages(server, c) if m["role"] == "AGENT"]) >= 3 for c in ids), "the answers")
    samples = []
    for conversation in ids:
        listed = messages(server, conversation)
        reply_at = next(parse_time(m["createdAt"]) for m in listed if m["role"] == "CANDIDATE")
        answer_at = [parse_time(m["createdAt"]) for m in listed if m["role"] == "AGENT"][2]
        samples.append(answer_at - reply_at)
    samples.sort()
    return {"p50_ms": statistics.median(samples), "p99_ms": samples[min(len(samples) - 1, int(len(samples) * 0.99))]}


def fan_out(server, calls, size):
    _, campaign = server.call("POST", "/v1/campaigns", CAMPAIGN)
    started = time.monotonic()
    for call in range(calls):
        contacts = [{"firstName": "Ada", "phoneNumber": f"+1{call + 2}0{index:08d}"} for index in range(size)]
        status, body = server.call("POST", "/v1/conversations/bulk", {"campaignId": campaign["id"], "contacts": contacts})
        if status not in (200, 201) or body["summary"]["created"] != size:
            raise RuntimeError(f"bulk create failed: {status} {body.get('errors', [])[:3]}")
    return time.monotonic() - started


def databases(args, workdir):
    """Yields (name, a function making a fresh database URL)."""
    counter = iter(range(10_000))
    yield "SQLite", lambda: f"sqlite://{workdir}/bench-{next(counter)}.db"
    if args.postgres:
        def fresh():
            schema = f"bench_{uuid.uuid4().hex[:12]}"
            subprocess.run(["psql", args.postgres.split("?")[0], "-qc", f"CREATE SCHEMA {schema}"], check=True, capture_output=True)
            return f"{args.postgres}{'&' if '?' in args.postgres else '?'}search_path={schema}"
        yield "PostgreSQL", fresh


def measure(args, name, fresh_url):
    runs = 1 if args.quick else 3
    seconds = 2 if args.quick else 5
    parley = os.path.join(args.bin, "parley")
    figures = {}
    http = {"/health": [], "GET /v1/campaigns/{id}": [], "GET /v1/campaigns": []}
    starts, idle, drains, fan_outs, peaks, turnarounds = [], [], [], [], [], []
    for _ in range(runs):
        server = Server(parley, fresh_url())
        starts.append(server.ready_seconds)
        time.sleep(2)
        idle.append(rss_kib(server.process.pid, "VmRSS") / 1024)
        _, campaign = server.call("POST", "/v1/campaigns", CAMPAIGN)
        for _ in range(20):
            server.call("POST", "/v1/campaigns", CAMPAIGN)
        http["/health"].append(wrk(server.base + "/health", {}, seconds))
        http["GET /v1/campaigns/{id}"].append(wrk(server.base + f"/v1/campaigns/{campaign['id']}", server.headers(), seconds))
        http["GET /v1/campaigns"].append(wrk(server.base + "/v1/campaigns", server.headers(), seconds))
        turnarounds.append(turnaround(server, 10 if args.quick else 50))
        drains.append(server.stop())

        server = Server(parley, fresh_url())
        fan_outs.append(fan_out(server, 2 if args.quick else 5, 100 if args.quick else 1000))
        peaks.append(rss_kib(server.process.pid, "VmHWM") / 1024)
        server.stop()

    def median_of(samples, key):
        return statistics.median(sample[key] for sample in samples)

    baseline = median_of(http["/health"], "rps")
    for route, samples in http.items():
        figures[route] = {
            "rps": median_of(samples, "rps"), "ratio_to_health": median_of(samples, "rps") / baseline,
            "p50_ms": median_of(samples, "p50_ms"), "p99_ms": median_of(samples, "p99_ms")}
    figures["reply turnaround"] = {"p50_ms": median_of(turnarounds, "p50_ms"), "p99_ms": median_of(turnarounds, "p99_ms")}
    figures["fan-out"] = {"seconds": statistics.median(fan_outs), "peak_rss_mb": statistics.median(peaks),
                          "conversations": (2 * 100) if args.quick else 5000}
    figures["footprint"] = {"idle_rss_mb": statistics.median(idle), "ready_seconds": statistics.median(starts),
                            "sigterm_exit_seconds": statistics.median(drains)}
    bench = os.path.join(args.bin, "parley-bench")
    for kind, count in (("jobs", 1000 if args.quick else 5000), ("webhooks", 200 if args.quick else 2000)):
        results = []
        for _ in range(runs):
            output = subprocess.run([bench, kind, "--database", fresh_url(), "--count", str(count)],
                                    capture_output=True, text=True, check=True, timeout=600).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))
        figures[kind] = {key: statistics.median(result[key] for result in results) for key in results[0]}
    return figures


def table(all_figures):
    names = list(all_figures)
    rows = [
        ("GET /health (baseline), req/s", lambda f: f"{f['/health']['rps']:,.0f}"),
        ("GET /v1/campaigns/{id}, req/s (× /health)", lambda f: f"{f['GET /v1/campaigns/{id}']['rps']:,.0f} ({f['GET /v1/campaigns/{id}']['ratio_to_health']:.2f}×)"),
        ("GET /v1/campaigns/{id}, p50 / p99 ms", lambda f: f"{f['GET /v1/campaigns/{id}']['p50_ms']:.2f} / {f['GET /v1/campaigns/{id}']['p99_ms']:.2f}"),
        ("GET /v1/campaigns, req/s (× /health)", lambda f: f"{f['GET /v1/campaigns']['rps']:,.0f} ({f['GET /v1/campaigns']['ratio_to_health']:.2f}×)"),
        ("GET /v1/campaigns, p50 / p99 ms", lambda f: f"{f['GET /v1/campaigns']['p50_ms']:.2f} / {f['GET /v1/campaigns']['p99_ms']:.2f}"),
        ("reply turnaround p50 / p99 ms", lambda f: f"{f['reply turnaround']['p50_ms']:.1f} / {f['reply turnaround']['p99_ms']:.1f}"),
        ("fan-out, s (conversations)", lambda f: f"{f['fan-out']['seconds']:.2f} ({f['fan-out']['conversations']:,})"),
        ("fan-out peak RSS, MB", lambda f: f"{f['fan-out']['peak_rss_mb']:.0f}"),
        ("no-op jobs/s", lambda f: f"{f['jobs']['jobs_per_second']:,.0f}"),
        ("job enqueue→start p50 / p99 ms", lambda f: f"{f['jobs']['start_latency_p50_ms']:.2f} / {f['jobs']['start_latency_p99_ms']:.2f}"),
        ("webhook deliveries/s", lambda f: f"{f['webhooks']['deliveries_per_second']:,.0f}"),
        ("… beside a hanging endpoint", lambda f: f"{f['webhooks']['deliveries_per_second_beside_hanging_endpoint']:,.0f}"),
        ("idle RSS, MB", lambda f: f"{f['footprint']['idle_rss_mb']:.0f}"),
        ("cold start to ready, s", lambda f: f"{f['footprint']['ready_seconds']:.2f}"),
        ("SIGTERM to exit, s", lambda f: f"{f['footprint']['sigterm_exit_seconds']:.2f}"),
    ]
    lines = ["| figure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(all_figures[name]) for name in names) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--postgres")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    all_figures = {}
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as workdir:
        for name, fresh_url in databases(args, workdir):
            print(f"measuring on {name}…", file=sys.stderr, flush=True)
            all_figures[name] = measure(args, name, fresh_url)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(all_figures, out, indent=2, sort_keys=True)
    print(table(all_figures))


if __name__ == "__main__":
    main()
