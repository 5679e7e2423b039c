"""The front door: who may come in, and the servers that let them in as themselves.

`okr ssh` (an SSH server) and `okr serve` (the browser) start one app per
person, as that person. What they keep (authorised keys, invitations, the
server's host key) lives in one folder beside the workspace, readable by the
server's account only.
"""
