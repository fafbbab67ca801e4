"""Getting articles out of news feeds safely: fetching with limits, parsing, canonical URLs, full text, health.

Each module has one job; `bot.scheduler` strings them together into the polling loop.
"""
