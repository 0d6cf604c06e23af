"""Executes samples/analyst/tour.ipynb in the .NET Interactive C# kernel with nbclient (the engine of `jupyter nbconvert
--execute`) and checks what it displayed.

usage: notebook-run.py NOTEBOOK FEED VERSION OUTPUT_IPYNB

The first code cell's `#i "nuget: ..."` line is pointed at FEED and each `#r "nuget: CustomerScoring..., *-*"` gets the exact
VERSION; nothing else changes. The kernel's working folder is the notebook's folder (as in Jupyter). Any cell error fails.
Then the executed notebook must show: the loaded version VERSION, HTML tables (text/html outputs with <table>) for the
summaries, RFM segments, concentration, model fits, holdout report, tiers and the rule explanation, and five inline charts
(image/png outputs, each a 900 x 600 PNG).
"""
import base64
import json
import os
import re
import struct
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def fail(message):
    print(f"notebook: {message}", file=sys.stderr)
    sys.exit(1)


def text_of(data):
    return data if isinstance(data, str) else "".join(data)


notebook_path, feed, version, output_path = sys.argv[1:5]
nb = nbformat.read(notebook_path, as_version=4)
nbformat.validate(nb)
ids = [c.get("id") for c in nb.cells]
if len(set(ids)) != len(ids) or None in ids:
    fail(f"cell ids must be present and unique: {ids}")

first = next(c for c in nb.cells if c.cell_type == "code")
lines = first.source.split("\n")
sources = [i for i, l in enumerate(lines) if l.startswith('#i "nuget:')]
if len(sources) != 1:
    fail(f'the first code cell needs exactly one #i "nuget: <folder>" line; found {len(sources)}')
lines[sources[0]] = f'#i "nuget: {feed}"'
references = 0
for i, line in enumerate(lines):
    m = re.fullmatch(r'#r "nuget: (CustomerScoring[.A-Za-z]*), \*-\*"', line)
    if m:
        lines[i] = f'#r "nuget: {m.group(1)}, {version}"'
        references += 1
if references != 4:
    fail(f'the first code cell should reference the four CustomerScoring packages as "*-*"; found {references}')
first.source = "\n".join(lines)

client = NotebookClient(nb, timeout=600, kernel_name=nb.metadata.kernelspec.name,
                        resources={"metadata": {"path": os.path.dirname(os.path.abspath(notebook_path))}})
started = time.monotonic()
try:
    client.execute()
except CellExecutionError as error:
    nbformat.write(nb, output_path)
    fail(f"a cell failed (executed notebook: {output_path}):\n{error}")
finally:
    print(f"notebook: executed {sum(c.cell_type == 'code' for c in nb.cells)} code cells in {time.monotonic() - started:.1f} s")
nbformat.write(nb, output_path)

stdout, html, png = [], [], []
for cell in nb.cells:
    if cell.cell_type != "code":
        continue
    for out in cell.outputs:
        if out.output_type == "error":
            fail(f"cell {cell.id} has an error output: {out.get('ename')}: {out.get('evalue')}")
        if out.output_type == "stream" and out.name == "stdout":
            stdout.append(text_of(out.text))
        if out.output_type in ("display_data", "execute_result"):
            data = out.get("data", {})
            if "text/html" in data and "<table>" in text_of(data["text/html"]):
                html.append(text_of(data["text/html"]))
            if "image/png" in data:
                png.append(base64.b64decode(text_of(data["image/png"])))
printed = "".join(stdout)

m = re.search(r"^CustomerScoring (\S+)$", printed, re.M)
if not m or m.group(1).split("+")[0] != version:
    fail(f"the packages cell should print 'CustomerScoring {version}+<commit>'; got {m.group(0) if m else 'nothing'}")
warnings = re.findall(r"^.*warning CS\d+.*$", printed, re.M)
if warnings:
    fail("the kernel reported compiler warnings (warnings are errors here):\n" + "\n".join(warnings))
for expected in ["6,919 lines read: 6,919 transactions of 2,357 customers, 0 rejected", "Tour complete."]:
    if expected not in printed:
        fail(f"the printed output lacks '{expected}'")

tables = {  # what each HTML table must show
    "customer summaries": ["Customer summaries", "2,357", "1998-06-30"],
    "RFM segments": ["Potential Loyalist", "823", "34.9%"],  # ties shared (the default binning); SQL NTILE gave 969
    "concentration": ["Concentration", "top 20% hold", "67.4%", "poorest p"],
    "BG/NBD fit": ["BG/NBD", "alpha", "std. error"],
    "Gamma-Gamma fit": ["Gamma-Gamma", "std. error"],
    "top customers by CLV": ["CLV (30% margin)"],
    "holdout report": ["Holdout: MAE", "predicted (mean)"],
    "value tiers": ["VIP", "Bronze"],
    "rule explanation": ["VIP because", "matched"],
}
for name, needles in tables.items():
    if not any(all(n in h for n in needles) for h in html):
        fail(f"no HTML table for {name} (expected {needles}); {len(html)} HTML tables were displayed")
if len(png) < 5:
    fail(f"expected 5 inline charts (image/png outputs), found {len(png)}")
for image in png:
    if image[:8] != b"\x89PNG\r\n\x1a\n":
        fail("an image/png output is not a PNG")
    width, height = struct.unpack(">II", image[16:24])
    if (width, height) != (900, 600):
        fail(f"an inline chart is {width} x {height}, expected 900 x 600")
print(f"notebook: passed: CustomerScoring {m.group(1)}, {len(html)} HTML tables, {len(png)} inline PNG charts, no cell errors")
