"""`restrack serve`: the site under gunicorn, static files by whitenoise."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from restrack import config
from restrack.core import serve_sizing, server_hooks, static_files


class Command(BaseCommand):
    help = "Serve Restrack with gunicorn (default http://127.0.0.1:8000/)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        # Unset, both come from the environment or the machine (restrack.core.serve_sizing gives
        # the reasons for its numbers); the line printed at start says which and from where.
        parser.add_argument(
            "--workers",
            type=int,
            help=f"Worker processes (default: ${serve_sizing.WORKERS_VARIABLE} or "
            f"${serve_sizing.GUNICORN_WORKERS_VARIABLE}, else one per usable core, at least "
            f"{serve_sizing.MIN_AUTO_WORKERS}, at most {serve_sizing.MAX_AUTO_WORKERS} and as many as fit in memory).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            help=f"Threads per worker (default: ${serve_sizing.THREADS_VARIABLE}, else "
            f"{serve_sizing.MAX_THREADS}, fewer beyond {serve_sizing.TOTAL_THREADS} threads in all).",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Do not gather static files before starting (they must already be gathered); without it they "
            "are gathered when they changed since the last time.",
        )

    def handle(self, *args, host, port, workers, threads, no_collectstatic, **options):
        try:
            sizing = serve_sizing.choose(workers=workers, threads=threads)
        except serve_sizing.SizingError as error:
            raise CommandError(str(error)) from error
        self._refuse_unmigrated_database()
        if not settings.SITE_URL_FROM_ENVIRONMENT:
            # Links in e-mails sent outside a request (reminders) name this server, not port 8000:
            # the workers gunicorn forks inherit the setting, other commands read var/served-at.
            settings.SITE_URL = config.served_at(host, port)
            config.remember_served_at(settings.SITE_URL, settings.VAR_DIR)
        if not no_collectstatic:
            announce = lambda: self.stdout.write("Gathering the static files ...")  # noqa: E731
            if not static_files.gather_if_changed(before=announce):
                self.stdout.write("Static files are up to date.")
        from django.core.wsgi import get_wsgi_application
        from gunicorn.app.base import BaseApplication

        application = get_wsgi_application()  # restrack.wsgi's, with the settings this command runs with

        class RestrackServer(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", sizing.workers)
                self.cfg.set("threads", sizing.threads)
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("accesslog", "-")
                self.cfg.set("proc_name", "restrack")
                # No control socket in the user's home directory: nothing here uses gunicornc.
                self.cfg.set("control_socket_disable", True)
                self.cfg.set("post_worker_init", server_hooks.tell_worker_started)
                self.cfg.set("post_request", server_hooks.tell_request_answered)

            def load(self):
                return application

        self.stdout.write(sizing.line)
        self.stdout.write(f"Restrack is serving on http://{host}:{port}/ (Ctrl+C stops it).")
        self.stdout.flush()  # before gunicorn forks: a buffer not yet written would be written by each worker
        RestrackServer().run()

    def _refuse_unmigrated_database(self):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise CommandError(
                f"The database has {len(pending)} unapplied migration(s), the first "
                f"{pending[0][0].app_label}.{pending[0][0].name}. Run `restrack migrate` first."
            )
