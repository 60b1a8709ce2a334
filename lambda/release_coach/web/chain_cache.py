"""The chain cache: which signer a chain URL has, without a fetch for every request.

A chain enters the cache only once a request's signature has verified with it (at most
`cache_size` URLs, least recently used out first, never past the earliest expiry in the chain),
so unsigned requests cannot fill it or evict Amazon's entry. A chain that validated but has not
yet carried a good signature is kept briefly outside the cache; a URL whose chain could not be
had is refused for a few seconds without a new fetch; concurrent requests for one URL share one
fetch; at most `max_fetches` different URLs are fetched at once (plus one for a URL that has
verified before), and past that a request is refused at once instead of waiting.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future, TimeoutError as FutureTimeout
from datetime import datetime
from typing import Callable

from release_coach.web.chain_trust import TrustedSigner
from release_coach.web.refusals import CHAIN_UNAVAILABLE, Refusal, unexpected

# A URL whose chain could not be had is refused without a new fetch for this long.
FAILURE_TTL_SECONDS = 5.0
# Uncached fetches running at once per process; one more is kept for URLs that have carried a
# verified signature before, so a flood of made-up URLs cannot stop a known chain's renewal.
MAX_CONCURRENT_FETCHES = 4
# A chain that validated but whose request's signature did not match is kept this long outside
# the real cache, so repeating Amazon's URL with a bad signature does not refetch every time.
UNPROVEN_TTL_SECONDS = 10.0

# Fetches and validates the chain at a URL as of a moment, or raises (a Refusal, preferably).
ChainLoader = Callable[[str, datetime], TrustedSigner]


class _Expiring(OrderedDict):
    """An LRU mapping of at most `size` entries, each (value, monotonic expiry)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def live(self, key, now: float):
        entry = self.get(key)
        if entry is None:
            return None
        value, expires = entry
        if now >= expires:
            del self[key]
            return None
        return value

    def put(self, key, value, expires: float) -> None:
        self[key] = (value, expires)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class ChainCache:
    """Signers by canonical chain URL: `signer` finds or loads one, `remember` caches a proven one."""

    def __init__(
        self,
        load: ChainLoader,
        *,
        clock: Callable[[], datetime],
        cache_size: int,
        max_fetches: int,
        failure_ttl: float,
        fetch_wait: float,
        monotonic: Callable[[], float],
    ) -> None:
        if cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        if max_fetches < 1:
            raise ValueError("max_fetches must be at least 1")
        self._load = load
        self._clock = clock
        self._monotonic = monotonic
        self._cache: OrderedDict[str, TrustedSigner] = OrderedDict()
        self._cache_size = cache_size
        self._proven_before: OrderedDict[str, None] = OrderedDict()
        self._unproven = _Expiring(4)
        self._failures = _Expiring(256)
        self._failure_ttl = failure_ttl
        self._in_flight: dict[str, Future] = {}
        self._max_fetches = max_fetches
        self._fetching = 0
        self._reserved_in_use = False
        self._fetch_wait = fetch_wait
        self._lock = threading.Lock()

    def signer(self, url: str) -> tuple[TrustedSigner, bool]:
        """(signer, whether it is in the cache): cached, unproven, or fetched now."""
        now, tick = self._clock(), self._monotonic()
        with self._lock:
            cached = self._cache.get(url)
            if cached is not None:
                if now < cached.valid_until:
                    self._cache.move_to_end(url)
                    return cached, True
                del self._cache[url]
            unproven = self._unproven.live(url, tick)
            if unproven is not None and now < unproven.valid_until:
                return unproven, False
            failure = self._failures.live(url, tick)
            if failure is not None:
                raise Refusal(failure.reason, f"{failure.detail} (remembered)")
            pending = self._in_flight.get(url)
            if pending is None:
                reserved = self._take_fetch_slot(url)
                pending = self._in_flight[url] = Future()
                owner = True
            else:
                owner = False
        if not owner:
            try:
                return pending.result(timeout=self._fetch_wait), False
            except FutureTimeout:
                raise Refusal(CHAIN_UNAVAILABLE, "waited too long for another request's fetch") from None
        # Fetched outside the lock: one slow fetch must not stall requests with cached chains.
        try:
            signer = self._load(url, now)
        except Exception as error:  # whatever went wrong, the waiters hear of it too
            refusal = error if isinstance(error, Refusal) else unexpected(error)
            with self._lock:
                self._failures.put(url, refusal, self._monotonic() + self._failure_ttl)
                self._end_fetch(url, reserved)
            pending.set_exception(refusal)
            raise refusal from None
        with self._lock:
            # Recorded before the fetch stops counting as in flight, so no request in between
            # starts a second fetch of the same URL.
            self._unproven.put(url, signer, self._monotonic() + UNPROVEN_TTL_SECONDS)
            self._end_fetch(url, reserved)
        pending.set_result(signer)
        return signer, False

    def _end_fetch(self, url: str, reserved: bool) -> None:
        """The fetch of `url` is over: its slot is free again; the lock is held."""
        del self._in_flight[url]
        if reserved:
            self._reserved_in_use = False
        else:
            self._fetching -= 1

    def _take_fetch_slot(self, url: str) -> bool:
        """Counts a fetch in (True if on the reserved slot), or refuses; the lock is held."""
        if self._fetching < self._max_fetches:
            self._fetching += 1
            return False
        if url in self._proven_before and not self._reserved_in_use:
            self._reserved_in_use = True
            return True
        raise Refusal(CHAIN_UNAVAILABLE, f"{self._max_fetches} chain fetches already in progress")

    def remember(self, url: str, signer: TrustedSigner) -> None:
        """A request's signature verified with `signer`: cache it, and mark `url` as proven."""
        with self._lock:
            self._unproven.pop(url, None)
            self._cache[url] = signer
            self._cache.move_to_end(url)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            self._proven_before[url] = None
            self._proven_before.move_to_end(url)
            while len(self._proven_before) > self._cache_size:
                self._proven_before.popitem(last=False)
