"""Fixtures shared by every app's tests, and the order the suite runs in: fast unit tests first,
then tests that use the database, then those that start processes, then the browser tests, so a
broken basic piece fails in seconds. `pytest -m unit` (or db, subprocess, browser) runs one tier."""

import pytest

from restrack.core.tests.samples import SESSION_SAMPLES


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """The site's algorithms with the smallest work factors (see restrack/core/tests/hashers.py):
    the site's Argon2 costs 0.3 s of CPU per password hashed or checked, which most tests pay for
    every user they make or sign in. Session-wide, so users made by session fixtures are cheap too."""
    from django.conf import settings
    from django.test.utils import override_settings

    from restrack.core.tests.hashers import cheap_hashers

    with override_settings(PASSWORD_HASHERS=cheap_hashers(settings.PASSWORD_HASHERS)):
        yield


@pytest.fixture(scope="session", autouse=True)
def _caches_of_this_worker(tmp_path_factory):
    """Each test process its own cache directories (the site's backends, under a temporary
    directory): the default ones under var/cache are shared by every xdist worker and by the
    servers the subprocess tests start, whose requests would count against a rate limit or fill
    a page cache another worker's test is checking."""
    from django.test.utils import override_settings

    from restrack import config

    where = tmp_path_factory.mktemp("var")
    caches = {name: config.cache(None, where, name=name) for name in ("django", "pages")}
    with override_settings(CACHES={"default": caches["django"], "pages": caches["pages"]}):
        yield


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Pages render without `collectstatic` having run: tests do not depend on a build step."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_api_rate_limits(settings):
    """The suite sends many requests from one address in a minute; the tests of the limits set them."""
    settings.RESTRACK_API_ANON_RATE = None
    settings.RESTRACK_API_USER_RATE = None
    settings.RESTRACK_FOLLOW_RATE = None
    settings.RESTRACK_FOLLOW_MAIL_RATE = None


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Every answer is rendered: the suite's writes are rolled back without committing, so no event
    would tell the page cache that a page changed. restrack/publish/tests/test_page_cache*.py and
    test_memo.py turn them on."""
    settings.RESTRACK_PAGE_CACHE = False
    settings.RESTRACK_DATA_CACHE = False


@pytest.fixture(scope="session", autouse=True)
def _no_pdf_warm_up_in_the_background():
    """Opening the report page warms the PDF renderer in a background thread of the process
    (restrack.edreport.render.warm): not in the suite's processes, where it would only spend CPU
    beside the tests. restrack/edreport/tests/test_warm_up.py tests it."""
    from restrack.edreport.render import warm

    warm._started = True


@pytest.fixture(autouse=True)
def _nothing_frozen_after_each_test():
    """A test that plays a server worker starting (restrack.core.server_hooks) freezes the objects
    of the suite's process; they go back to the collector after it."""
    import gc

    yield
    if gc.get_freeze_count():
        gc.unfreeze()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to a /zh-hans/ page leaves Chinese active in the thread (LocaleMiddleware never
    deactivates it); messages checked by the next test must not depend on which test ran before."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


SAMPLE_FIXTURES = {"_shared_samples"}


@pytest.fixture(scope="session")
def _shared_samples(request, django_db_setup, django_db_blocker):
    """See _SessionSamples. Tests that commit for real import what they need themselves (see
    `restrack.core.tests.samples.import_samples_unless_shared`), so the session's transaction is never opened for one."""
    first = getattr(request, "_pyfuncitem", None)  # the test that asked first
    if first is None or not _transactional(first):
        SESSION_SAMPLES.start(django_db_blocker)
    yield
    SESSION_SAMPLES.stop()


@pytest.fixture
def samples(_shared_samples, db):
    """The sample reports (see `_SessionSamples`)."""
    if not SESSION_SAMPLES.open:
        raise RuntimeError("The session's samples were rolled back: a test using them ran after one that commits.")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll the session's samples back before a test that commits for real, and at the end."""
    if SESSION_SAMPLES.open and (nextitem is None or _transactional(nextitem)):
        SESSION_SAMPLES.stop()


@pytest.fixture
def user(db):
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory()


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    test_name = (database.get("TEST") or {}).get("NAME")
    if engine == "sqlite3":
        where = test_name or "in memory"
    else:
        host = f"{database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432}"
        where = f"{test_name or 'test_' + database['NAME']} on {host} (one per worker, suffixed _gwN)"
    return f"test database: {engine}, {where}; the site's own database is not touched"


TIERS = ("unit", "db", "subprocess", "browser")
# (Not django_db_blocker: pytest-django's autouse fixtures ask for it in every test.)
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def _tier(item) -> str:
    if item.get_closest_marker("browser"):
        return "browser"
    if item.get_closest_marker("subprocess"):
        return "subprocess"
    if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return "db"
    return "unit"


def _transactional(item) -> bool:
    """Tests that commit for real (and flush the database after them): after every test that
    relies on the database's contents, as pytest-django orders them."""
    marker = item.get_closest_marker("django_db")
    flags = marker.kwargs if marker else {}
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(flags.get("transaction") or flags.get("reset_sequences")) or bool(
        {"transactional_db", "live_server"} & fixtures
    )


def pytest_itemcollected(item):
    """Mark every test with its tier as it is collected (so `-m unit` selects by it)."""
    item.add_marker(getattr(pytest.mark, _tier(item)))


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering, which this one keeps
def pytest_collection_modifyitems(session, config, items):
    """Run whole modules, lightest first: modules of unit tests, then those using the database, then
    those starting processes, then those using the session's samples (which stay in the database
    from then on), and last the modules of tests that commit for real (and flush the database
    after them). Whole modules, because the workers of `make test` (--dist loadscope)
    take a module at a time and a module's shared fixtures are then made once. Within each of
    these groups, the modules marked `heavy` come first."""
    by_module: dict = {}
    for item in items:
        by_module.setdefault(getattr(item, "module", None), []).append(item)
    mixed = sorted(
        module.__name__
        for module, members in by_module.items()
        if module is not None and len({_transactional(item) for item in members}) > 1
    )
    if mixed:  # a worker would flush the database in the middle of a module
        raise pytest.UsageError(
            f"{', '.join(mixed)} mix tests that commit for real with tests that do not: move the former "
            "(transaction=True, live_server) to a module of their own."
        )

    def weight(members):
        return (
            any(_transactional(item) for item in members),
            any(SAMPLE_FIXTURES & set(getattr(item, "fixturenames", ())) for item in members),
            max(TIERS.index(_tier(item)) for item in members),
            # Within its group, a module marked `heavy` first: a long module taken last would
            # leave the other workers idle while it runs.
            not any(item.get_closest_marker("heavy") for item in members),
        )

    ordered = sorted(by_module.values(), key=weight)
    items[:] = [item for members in ordered for item in sorted(members, key=lambda item: TIERS.index(_tier(item)))]
