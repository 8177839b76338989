"""Rendering one record into Word and PDF documents, and reading each file back to check it.

views.py            what a template sees of a section and a field: plain, frozen data (text, HTML, WordprocessingML)
program_context.py  the extra values of a program's records (the IPS-25 score sheet, plan goals)
document.py         the template set, the context, render, read back, write atomically
docx.py, pdf.py     docxtpl and WeasyPrint, each imported only here and only when used
jinja.py            the sandboxed Jinja environment both formats share (allow-list, template files)
limits.py           each document in a forked child with a time and a memory limit
docx_parts.py       what a Word package may carry: no external, embedded or macro parts
text.py             Markdown answers to sanitized HTML and WordprocessingML
checks.py           required sections in the data and in the text read back from a file

May use: evidence (for a fidelity review's results), definitions, leaves. Never the agency's
linter: the workspace hands render a template set that carries its check.
"""
