#!/usr/bin/env python3
"""Runs every query of the Grafana dashboard definition against the drill's Prometheus, over the drill's window.

usage: check_dashboard.py PROMETHEUS_URL START END DASHBOARD.json
Prints each panel's queries with how many series came back; exits 1 when Prometheus refuses one (bad PromQL) or a
query that should have data has none.
"""
import json
import sys
import urllib.parse
import urllib.request

# series that a drill with no webhook endpoint, no 5xx and no throttling SMSC legitimately leaves empty
MAY_BE_EMPTY = ("status=~\"5..|429\"", "gateway_smpp_throttled_total")


def main():
    base, start, end, path = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    failed = 0
    for panel in json.load(open(path))["panels"]:
        for target in panel.get("targets", []):
            expr = target["expr"].replace("$__rate_interval", "1m")
            url = base + "/api/v1/query_range?" + urllib.parse.urlencode(
                {"query": expr, "start": start, "end": end, "step": "5"})
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    result = json.load(response)["data"]["result"]
            except urllib.error.HTTPError as e:
                print("REFUSED  %s: %s\n         %s" % (panel["title"], expr, e.read().decode()[:300]))
                failed += 1
                continue
            empty = not result and not any(marker in expr for marker in MAY_BE_EMPTY)
            failed += 1 if empty else 0
            print("%-8s %-48s %2d series  %s" % ("NO DATA" if empty else "ok", panel["title"][:48], len(result), expr))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
