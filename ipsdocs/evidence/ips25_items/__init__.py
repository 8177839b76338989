"""The IPS-25 items the records can score or support, one module per kind of record read (issue 16).

``base`` reads the records once into a ``ProgramRecords`` (people, episodes, the employer-contact
index) and holds ``ItemEvidence`` and the anchors read from the scale; ``judged`` (Services 1, 2, 3,
12, from the state rules' judgements), ``contacts`` (Services 4, 6), ``caseload`` (Staffing 1),
``jobs`` (Services 10) and ``community`` (Services 13) each turn it into evidence for their items.
``ipsdocs.evidence.fidelity_evidence`` puts them in the scale's order with the other items.
"""
