"""Signals of the reporting app for what Django's own do not say."""

from django.dispatch import Signal

# Sent after add_entries links new paragraphs in bulk (no m2m_changed is sent for rows written in
# bulk), with `name` ("partners", "operative_paragraphs"), `entries` (the new UpdateEntries, of
# one update) and `targets` (the ids linked). Derived data above (restrack.publish's partner
# counts) follows it.
entries_linked_in_bulk = Signal()

# Sent after add_entries creates paragraphs in bulk (bulk_create sends no post_save), with `update`
# (the ProgressUpdate) and `entries` (the new UpdateEntries). Derived data above (restrack.publish's
# period counts) follows it.
entries_added_in_bulk = Signal()

# Sent when what derives from some paragraphs may be behind what is stored, with `entry_ids`: an
# import of a file already imported sends its paragraphs, so that a run stopped between its commit
# and the search rows written after it is repaired by running it again. The search index follows it.
entries_to_rederive = Signal()
