"""restrack.core.server_hooks: a server worker keeps the garbage collector off what lives as long as
it does, once as it starts and once more when it is warm."""

import gc
import itertools

import pytest

from restrack.core import server_hooks


def test_a_starting_worker_freezes_what_is_alive_with_the_urlconf_loaded():
    gc.unfreeze()
    server_hooks.tell_worker_started()
    assert gc.get_freeze_count() > len(gc.get_objects())  # the collector walks only what came after


def test_the_worker_freezes_again_after_its_warm_up_requests_only(monkeypatch):
    monkeypatch.setattr(server_hooks, "_answered", itertools.count(1))
    frozen = []
    monkeypatch.setattr(server_hooks, "freeze_long_lived", lambda: frozen.append(True))
    for _ in range(server_hooks.WARM_REQUESTS - 1):
        server_hooks.tell_request_answered()
    assert frozen == []
    server_hooks.tell_request_answered()
    assert frozen == [True]
    for _ in range(3 * server_hooks.WARM_REQUESTS):
        server_hooks.tell_request_answered()
    assert frozen == [True]


@pytest.mark.parametrize("hook", ["post_worker_init", "post_request"])
def test_gunicorn_takes_the_hooks(hook):
    """gunicorn checks a hook's arity when it is set; restrack serve sets both."""
    from gunicorn.config import Config

    value = {"post_worker_init": server_hooks.tell_worker_started, "post_request": server_hooks.tell_request_answered}
    config = Config()
    config.set(hook, value[hook])
    assert callable(config.settings[hook].get())
