"""What the records prove: each state rule's check per episode of service (timeliness and practice),
the due list, compliance and outcome figures, IPS-25 results and comparisons, and the IPS-25 evidence
the records hold.

May use: definitions and leaves only, so that render, batch, the interview and reports can all
read the same evidence.
"""
