#!/usr/bin/env python3
"""Every SPEC target with its figure from the bench JSON under build/bench/, as a
Markdown table (pass / SHORT, the command and the load average before each run).

  bench/summary.py [--dir build/bench] [--write docs/PERFORMANCE.md]

--write replaces the part of the file between <!-- bench:begin --> and <!-- bench:end -->."""
import argparse
import json
import pathlib
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def load(d, name):
    p = d / f"{name}.json"
    return json.loads(p.read_text()) if p.exists() else None


def mark(ok):
    return "pass" if ok else "**SHORT**"


def rows(d):
    out = []  # (target, figure, mark, command, load)
    for p in sorted(d.glob("report-*.json")):
        rep = json.loads(p.read_text())
        floor = rep["floor"]["requests_per_s"]
        for r in rep["runs"]:
            goal = rep["targets"][f"{r['db']}_requests_per_s"]
            fig = (f"{r['requests_per_s']:,.0f}/s, p99 {r['p99_ms']} ms, peak RSS {r['peak_rss_mb']} MB "
                   f"({100 * r['requests_per_s'] / floor:.0f} % of the bare server's {floor:,.0f}/s)")
            ok = r["requests_per_s"] >= goal and r["p99_ms"] <= 10 and r["marks"].get("peak_rss_mb", "pass") == "pass"
            out.append((f"reports, {r['db']}, {r['devices']:,} devices: >= {goal:,}/s, p99 <= 10 ms"
                        + (", RSS <= 64 MB" if "peak_rss_mb" in r["marks"] else ""), fig, mark(ok),
                        rep["command"], rep["load_before"]))
        for db, ratio in rep.get("ratios", {}).items():
            out.append((f"reports, {db}: no slower at the largest device count", f"{ratio:.2f} x the smallest's rate",
                        mark(ratio >= 0.9), rep["command"], rep["load_before"]))
    api = load(d, "api")
    if api:
        worst = max(api["endpoints"], key=lambda e: e["p99_ms"])
        rooms = next((e for e in api["endpoints"] if e["path"] == "/api/staff/classrooms"), None)
        out.append((f"every API read p99 <= 50 ms ({len(api['endpoints'])} endpoints, {api['rooms']} rooms)",
                    f"worst p99 {worst['p99_ms']} ms ({worst['path']})", mark(worst["p99_ms"] <= 50),
                    api["command"], api["load_before"]))
        if rooms:
            out.append(("GET /api/staff/classrooms >= 5,000/s", f"{rooms['requests_per_s']:,.0f}/s",
                        mark(rooms["requests_per_s"] >= 5000), api["command"], api["load_before"]))
    fan = load(d, "fanout")
    if fan:
        out.append(("1,000 dashboards hear a report, p99 <= 100 ms",
                    f"{fan.get('dashboards', '?')} dashboards, p99 {fan['p99_ms']:.1f} ms", mark(fan["mark"] == "pass"),
                    fan["command"], fan["load_before"]))
        if "command_p99_ms" in fan:
            out.append(("a power command reaches its long-polling node",
                        f"{fan['commands']} commands, p50 {fan['command_p50_ms']:.1f} ms, p99 {fan['command_p99_ms']:.1f} ms",
                        mark(fan["commands_lost"] == 0), fan["command"], fan["load_before"]))
    storm = load(d, "storm")
    if storm:
        out.append(("reconnect storm: 10,000 nodes after an hour, all stored <= 60 s, none lost, < 1 % refused",
                    f"{storm['nodes']:,} nodes, {storm['stored']:,} of {storm['held_reports']:,} stored "
                    f"(twice: {storm['stored_twice']}), last after {storm['last_delivered_s']} s, "
                    f"{storm['refused_percent']} % refused, {storm.get('nodes_unanswered', 0)} with a call unanswered",
                    mark(storm["mark"] == "pass"), storm["command"], storm["load_before"]))
    hold = load(d, "hold")
    if hold:
        out.append(("long-polling nodes held (memory per connection)",
                    f"{hold['long_polls_held']:,} of {hold['nodes']:,} held, {hold['kb_per_held_node']} KB each, "
                    f"RSS {hold['rss_held_mb']} MB"
                    + (f" (descriptor limit {hold['descriptor_limit']:,} a process)" if "descriptor_limit" in hold else ""), mark(hold["long_polls_held"] >= 0.99 * hold["nodes"]),
                    hold["command"], hold["load_before"]))
    return out


def table(d):
    lines = ["| target | figure | | command | load before |", "|---|---|---|---|---|"]
    for target, fig, m, cmd, load_before in rows(d):
        lines.append(f"| {target} | {fig} | {m} | `{cmd.strip()}` | {load_before} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default="build/bench", help="where the bench scripts wrote their JSON")
    ap.add_argument("--write", metavar="FILE", help="put the table between the bench markers of FILE")
    a = ap.parse_args()
    text = table(pathlib.Path(a.dir))
    if not a.write:
        sys.stdout.write(text)
        return 0
    path = pathlib.Path(a.write)
    doc = path.read_text()
    if BEGIN not in doc or END not in doc:
        print(f"{path}: no {BEGIN} ... {END} section", file=sys.stderr)
        return 1
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{text}{END}{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
