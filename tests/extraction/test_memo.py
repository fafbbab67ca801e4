"""The memo table behind per-word lookups: computes each key once, and starts afresh at its bound."""

from bot.extraction.memo import Memo


def test_computes_each_key_once() -> None:
    calls: list[str] = []

    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    memo: Memo[str, str] = Memo(upper, 10)
    assert list(map(memo.__getitem__, ["a", "b", "a", "a"])) == ["A", "B", "A", "A"]
    assert calls == ["a", "b"]


def test_bounded() -> None:
    memo: Memo[int, int] = Memo(lambda n: n * n, 3)
    for n in range(10):
        assert memo[n] == n * n
        assert len(memo) <= 3
