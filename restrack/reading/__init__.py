"""Reading UN documents: files to text, text to a report's structure, paragraphs to facts.

A library with no Django in it (import-linter keeps it so): `readers` turns a TXT, DOCX or PDF
file into lines, `parser` finds the masthead, chapters, sections, numbered paragraphs and
footnotes of a progress report, `extract` reads what each paragraph states (operative paragraphs
cited, partners named, dates, amounts, commitments, funding constraints), `gazetteer` recognises
partners by name. The `ingest` app stores what it reads; the public pages show facts it extracted
when the paragraph was saved. Errors are `IngestError`s that say what is wrong, where, and how
to fix it.
"""
