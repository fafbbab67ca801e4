from tests.feeds.conftest import feed_server  # noqa: F401  (the local feed server fixture)
