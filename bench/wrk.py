"""Throughput and latency percentiles from wrk (Debian's package)."""

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPORT = """
done = function(summary, latency, requests)
  local seconds = summary.duration / 1000000
  io.write(string.format(
    'BENCH {"requests": %d, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f,'
    .. ' "errors": %d, "bad_status": %d}\\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    summary.errors.status))
end
"""


@dataclass
class Load:
    requests: int
    rps: float
    p50: float  # milliseconds
    p95: float
    p99: float
    errors: int
    bad_status: int


def lua_string(value: str) -> str:
    return "[==[" + value + "]==]"


def lua_headers(headers: dict[str, str]) -> str:
    pairs = ", ".join(
        f"[ {lua_string(k)} ] = {lua_string(v)}" for k, v in headers.items()
    )
    return "{" + pairs + "}"


def run(
    url: str,
    *,
    seconds: int = 10,
    connections: int = 8,
    threads: int = 2,
    method: str = "GET",
    bodies: list[tuple[dict[str, str], str]] | None = None,
) -> Load:
    """Hammer one URL; non-2xx/3xx answers are counted in bad_status.

    With `bodies` (headers, body pairs), requests cycle through them: many
    different visitors posting, rather than one visitor posting many times.
    """
    lines = [f"wrk.method = {lua_string(method)}"]
    if bodies:
        prepared = ",\n".join(
            f"  {{{lua_headers(headers)}, {lua_string(body)}}}"
            for headers, body in bodies
        )
        lines += [
            f"local prepared = {{\n{prepared}\n}}",
            "local requests, turn = {}, 0",
            "init = function(args)",
            "  for i, item in ipairs(prepared) do",
            "    requests[i] = wrk.format(nil, nil, item[1], item[2])",
            "  end",
            "  turn = math.random(#requests)",
            "end",
            "request = function()",
            "  turn = turn % #requests + 1",
            "  return requests[turn]",
            "end",
        ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines) + REPORT)
    try:
        finished = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                url,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        Path(script.name).unlink()
    for line in finished.stdout.splitlines():
        if line.startswith("BENCH "):
            return Load(**json.loads(line.removeprefix("BENCH ")))
    raise RuntimeError(f"wrk printed no report:\n{finished.stdout}{finished.stderr}")
