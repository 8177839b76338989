"""The program's report documents (issue 16): the compliance report (PDF), the quarterly outcome report
(PDF and Word), the due list's page, and the charts they share (matplotlib, SVG in the PDFs, PNG in
Word).

May use: render (the PDF path), evidence (the figures), definitions and the leaves; never batch, the
interview, web or cli, which use these reports (batch writes them beside the audit summary).
"""
