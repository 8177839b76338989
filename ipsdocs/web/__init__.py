"""The browser interview (``ipsdocs serve``): the terminal's interview over HTTP, on 127.0.0.1 only.

May use: interview (questions, the loop, drafts, signing), agency (the workspace), render (the
Jinja environment, documents), definitions, leaves. Nothing imports it but the command line.

htmx is saved in ``static/`` (2.0.11, from the npm package ``htmx.org``, BSD Zero Clause licence in
``static/htmx.LICENSE``), pinned to major version 2: htmx 4 no longer inherits ``hx-headers`` from a
parent element. The CSRF token here never relies on that: it travels as a hidden field of each
form, which htmx posts with every request.
"""
