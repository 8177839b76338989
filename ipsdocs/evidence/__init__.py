"""What the records prove: IPS-25 results and comparisons, and each person's timeliness findings.

May use: definitions and leaves only, so that render, batch, the interview and reports can all
read the same evidence.
"""
