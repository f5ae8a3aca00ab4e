"""The REST API: one package at the top of the layers, so that an endpoint may combine what every
app below it knows (an instrument with its latest published period and funding figures) while
the apps never depend on it. Each app's endpoints live in a subpackage named after it; the
infrastructure every endpoint shares (languages, conditional answers, errors, filters, exports,
paging, rate limits, schema) is `restrack.core.api`."""
