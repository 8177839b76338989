"""The agency's workspace: settings (``ipsdocs.toml``), ``init`` and export, template and form lint,
the list of placeholders a template may use, and the checked template set handed to render.

May use: render, evidence, definitions, leaves.
"""
