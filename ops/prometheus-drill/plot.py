#!/usr/bin/env python3
"""Reads what Prometheus scraped from the gateway during the drill (its HTTP API) and draws it as one SVG.

usage: plot.py PROMETHEUS_URL START END OUT.svg   (START and END in epoch seconds)
Also prints, per panel, each series' peak and mean, so the figures can be quoted from the terminal.
"""
import json
import math
import sys
import urllib.parse
import urllib.request

PANELS = [
    ("Messages per second by outcome",
     [('sum by (outcome) (rate(gateway_messages_total{outcome=~"accepted|submitted|delivered"}[5s]))', "{outcome}")], "msg/s"),
    ("HTTP POST /v1/messages per second, and 5xx",
     [('sum(rate(http_server_requests_seconds_count{uri="/v1/messages",method="POST"}[5s]))', "requests"),
      ('sum(rate(http_server_requests_seconds_count{status=~"5.."}[5s]))', "5xx")], "req/s"),
    ("Accept to submit (seconds)",
     [("histogram_quantile(0.5, sum by (le) (rate(gateway_message_accept_to_submit_seconds_bucket[10s])))", "p50"),
      ("histogram_quantile(0.99, sum by (le) (rate(gateway_message_accept_to_submit_seconds_bucket[10s])))", "p99")], "s"),
    ("Submit to receipt (seconds)",
     [("histogram_quantile(0.5, sum by (le) (rate(gateway_message_submit_to_receipt_seconds_bucket[10s])))", "p50"),
      ("histogram_quantile(0.99, sum by (le) (rate(gateway_message_submit_to_receipt_seconds_bucket[10s])))", "p99")], "s"),
    ("Event processor lag (events)", [("max by (processor) (gateway_processor_lag)", "{processor}")], "events"),
    ("JVM: CPU (share of the machine) and heap (GiB)",
     [("process_cpu_usage", "cpu"), ('sum(jvm_memory_used_bytes{area="heap"}) / 1073741824', "heap GiB")], ""),
]
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def query(base, expr, start, end):
    url = base + "/api/v1/query_range?" + urllib.parse.urlencode(
        {"query": expr, "start": start, "end": end, "step": "1"})
    with urllib.request.urlopen(url, timeout=30) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise SystemExit("Prometheus refused " + expr + ": " + json.dumps(body))
    return body["data"]["result"]


def label(template, metric):
    for key, value in metric.items():
        template = template.replace("{" + key + "}", value)
    return template


def main():
    base, start, end, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    width, height, cols = 480, 230, 2
    rows = math.ceil(len(PANELS) / cols)
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (width * cols, height * rows + 30),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="20" font-size="14">The gateway during the drill, as a real Prometheus scraped it '
           '(1 s scrape interval; x: seconds from the start)</text>']
    samples = 0
    for index, (title, exprs, unit) in enumerate(PANELS):
        x0, y0 = (index % cols) * width + 50, (index // cols) * height + 60
        w, h = width - 70, height - 75
        series = []
        for expr, template in exprs:
            for result in query(base, expr, start, end):
                points = [(float(t) - start, float(v)) for t, v in result["values"] if v not in ("NaN", "+Inf", "-Inf")]
                samples += len(points)
                if points:
                    series.append((label(template, result["metric"]), points))
        top = max([v for _, pts in series for _, v in pts] + [0]) or 1
        top = top * 1.1
        svg.append('<text x="%d" y="%d" font-size="12" font-weight="bold">%s</text>' % (x0 - 40, y0 - 12, title))
        svg.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' % (x0, y0, w, h))
        for tick in range(5):
            value = top * tick / 4
            y = y0 + h - h * tick / 4
            svg.append('<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>' % (x0 - 4, y + 4, "%.3g" % value))
            svg.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#eee"/>' % (x0, x0 + w, y, y))
        span = max(end - start, 1)
        for tick in range(0, span + 1, max(10, span // 6 // 10 * 10)):
            x = x0 + w * tick / span
            svg.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%d</text>' % (x, y0 + h + 14, tick))
        print(title)
        for number, (name, points) in enumerate(series):
            colour = COLOURS[number % len(COLOURS)]
            path = " ".join("%.1f,%.1f" % (x0 + w * t / span, y0 + h - h * v / top) for t, v in points)
            svg.append('<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>' % (colour, path))
            svg.append('<text x="%d" y="%d" fill="%s">%s</text>' % (x0 + 6 + 125 * (number % 3), y0 + 14 + 13 * (number // 3),
                                                                  colour, name))
            values = [v for _, v in points]
            print("  %-28s peak %10.3f  mean %10.3f %s" % (name, max(values), sum(values) / len(values), unit))
    svg.append("</svg>")
    with open(out, "w") as handle:
        handle.write("\n".join(svg) + "\n")
    print("%d samples from Prometheus drawn into %s" % (samples, out))


if __name__ == "__main__":
    main()
