"""What a record is and which rules apply: the models, the forms, the state profiles, the IPS-25 scale.

Owns: pydantic models (types, constraints, cross-field rules), form loading (``forms/*.yaml``),
jurisdiction profiles and the forms they adapt, the scale's data, record loading and validation
messages, the agency's branding settings, and the generator of fictional records.
May use: the leaves only (errors, paths, store, console, wording). Nothing here knows how a
record is asked, rendered or audited.
"""
