"""Requests: the slash grammar, planning a request into a change, the state machine, who may do what."""
