"""Guided interviews: questions from a model field and the form's wording, the loop over an Asker,
the askers (terminal, scripted answers), drafts saved after every answer, and a whole session.

May use: agency (to find the workspace's forms), render (to render what was saved),
definitions, leaves.
"""
