"""After `restrack restore`: the search index is built again from the restored rows (a backup
holds no index: a portable dump leaves it out, and a database copy's may be of older code)."""

from restrack.search import index


def after_restore(say) -> None:
    say(f"Search index rebuilt: {index.rebuild()} entries.")
