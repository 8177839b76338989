"""Batch rendering for audits: every record of a program, in parallel, checked, with a manifest.

sources.py        record files, folders and JSON Lines exports -> validated records
plan.py           which documents the records make, their paths and what they depend on
worker.py         the job of every engine: renders documents with its templates loaded once
engine.py         the engine seam, and publishing each confirmed result into --out exactly once
pool.py           the local engine: worker processes, a time limit per document, Ctrl-C that keeps work
dask_engine.py    the Dask engine (--engine dask): a LocalCluster or an existing cluster
progress.py       a progress bar on a terminal, plain lines otherwise
outdir.py         the output folder: whose batch it holds, the journal of finished documents
run.py            the whole batch, from sources to manifest and audit summary
audit_summary.py  audit-summary.csv and audit-summary.pdf
options.py        what a batch is asked to do (BatchOptions) and what it did (BatchOutcome)
finish.py         the manifest, the audit summary and the zip, once documents are done
manifest.py       manifest.json: every file's hash; verify
zipped.py         the optional zip of the output folder

May use: agency (the workspace), render, evidence (timeliness, IPS-25 results), definitions, leaves.
"""

from __future__ import annotations
