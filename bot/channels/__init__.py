"""Channel adapters: each turns platform webhooks into plain inbound messages and sends plain outbound ones.

`base` holds the interface; `line` and `telegram` import their SDK and nothing else imports it;
`recording` is the in-memory channel for the demo and fast tests.
"""
