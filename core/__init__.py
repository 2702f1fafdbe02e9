"""The ground floor: extensions, shared model pieces, mail outbox, jobs and security helpers.

Nothing here imports a product package (accounts, events, registration, showcase, outcomes).
"""
