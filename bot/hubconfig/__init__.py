"""The hub config: its rules (findings with stable codes), round-trip minimal edits, and repo snapshots.

Pure: no I/O beyond reading files the caller points at.
"""
