"""``grassroots chaos``: a fault test of the morality bank (after Jepsen's bank test).

Concurrent HTTP clients redeem, award and read balances with client-chosen idempotency keys,
recorded before sending and reused on every retry, while the server's process group is
SIGKILLed and PostgreSQL stopped in immediate mode. The checker then compares the clients'
history with what the database holds: nothing acknowledged lost, nothing doubled, every ledger
transfer traceable to something a client sent, points and stock conserved.
"""
