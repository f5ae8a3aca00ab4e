"""The synthetic data set of bench_scale.py: many governing bodies, sessions, instruments and
operative paragraphs; published periods with an update per instrument and period, their
paragraphs in English and Chinese, links to operative paragraphs and partners, commitments,
funding figures for every instrument and period, the funding window's books, and the search index.

Written through bulk paths (bulk_create in large batches inside `writes_allowed()`, explicit ids
so that nothing has to be read back), then indexed by the search app's own `rebuild()`. Every
title starts with "[synthetic]" and every period's introduction says the data are made up.

Paragraph texts come from a pool of made-up sentences built from word lists (a few thousand
distinct paragraphs, each with its English and Chinese text and the facts the product's own
extraction reads from them, computed once): the texts vary as reports do, and the build does not
spend its time reading the same sentences again. Some share of paragraphs speak of housing
(住房) and slums (贫民窟, found by 贫民), as the real reports do.

Operative paragraphs are made-up sentences too (operative_text: an opening such as "Requests the
Executive Director to" / "请执行主任", an action, a topic, a place and a tail), classified by the
product's own reader (restrack.reading.mandates.classify, once per distinct text) as an import
classifies them: their verb and addressee (the mandates), and the report a reporting clause makes
due (a Deliverable). Every synthetic instrument but the first of its body refers to earlier ones
(InstrumentLink) and links to one or two goals (GoalLink); one in ten has its funding figures of
the last two periods per paragraph (ParagraphFunding, adding up to its FundingRecord), and every
other window allocation funds a paragraph. The paragraphs alike (ParagraphOverlap) are found by the
registry's own rebuild at the end (`build(overlaps=False)` leaves them out).

Used by benchmarks/bench_scale.py and by restrack/core/tests/test_bench_scale.py (a tiny build);
Django must be set up and migrated first.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

SYNTHETIC = "[synthetic]"
INSTRUMENTS_PER_SESSION = 200
MAX_BODIES = 8
CHUNK = 5_000  # instruments per step of a period (bounds the memory the build holds)
BATCH = 5_000  # rows per bulk_create call (SQLite splits it further by its variable limit)
LAST_PERIOD_YEAR = 2025

# (English, Chinese, weight): the subjects sentences speak of. Housing and slums together are
# about one sentence in twelve, so one paragraph in five or so names one of them.
TOPICS = [
    ("adequate housing", "适足住房", 3),
    ("affordable housing", "负担得起的住房", 2),
    ("slum upgrading", "贫民窟改造", 2),
    ("informal settlements and slums", "非正规住区和贫民窟", 1),
    ("urban planning", "城市规划", 8),
    ("climate resilience", "气候复原力", 8),
    ("land tenure security", "土地保有权保障", 6),
    ("basic urban services", "城市基本服务", 7),
    ("urban mobility", "城市交通", 6),
    ("solid waste management", "固体废物管理", 6),
    ("safer cities", "更安全城市", 6),
    ("urban data and monitoring", "城市数据和监测", 7),
    ("municipal finance", "市政财政", 6),
    ("public space", "公共空间", 6),
    ("water and sanitation", "水和环境卫生", 6),
    ("urban-rural linkages", "城乡联系", 5),
    ("disaster recovery", "灾后恢复", 5),
    ("gender equality in cities", "城市中的性别平等", 5),
    ("youth engagement", "青年参与", 5),
    ("digital governance", "数字治理", 5),
]
CITIES = [
    ("Nairobi", "内罗毕"),
    ("Dhaka", "达卡"),
    ("Lima", "利马"),
    ("Manila", "马尼拉"),
    ("Cairo", "开罗"),
    ("Bogotá", "波哥大"),
    ("Hanoi", "河内"),
    ("Kigali", "基加利"),
    ("Accra", "阿克拉"),
    ("Quito", "基多"),
    ("Tunis", "突尼斯"),
    ("Yangon", "仰光"),
    ("Lusaka", "卢萨卡"),
    ("Maputo", "马普托"),
    ("Amman", "安曼"),
    ("Kathmandu", "加德满都"),
    ("Dakar", "达喀尔"),
    ("Beirut", "贝鲁特"),
    ("Kabul", "喀布尔"),
    ("La Paz", "拉巴斯"),
]
ACTORS = [
    ("local governments", "地方政府"),
    ("national ministries", "国家部委"),
    ("community organizations", "社区组织"),
    ("the private sector", "私营部门"),
    ("universities", "大学"),
    ("civil society partners", "民间社会伙伴"),
    ("regional development banks", "区域开发银行"),
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# (English, Chinese) sentence templates; {c} marks one that reports a lack of funds.
SENTENCES = [
    ("UN-Habitat held a workshop on {t} with {a} in {city}.", "人居署与{city_zh}的{a_zh}举办了关于{t_zh}的讲习班。"),
    (
        "A plan for {t} in {city} is being prepared with {a} and is expected by {month} {year}.",
        "正在与{a_zh}一起编制{city_zh}的{t_zh}计划，预计于 {year} 年 {month_number} 月完成。",
    ),
    ("USD {millions} million was mobilized for {t} in {city}.", "为{city_zh}的{t_zh}筹集了 {wan} 万美元。"),
    ("The programme trained {n} officials of {a} on {t}.", "该方案就{t_zh}培训了{a_zh}的 {n} 名官员。"),
    ("{c}Work on {t} was limited by a lack of funds.", "{c}由于缺乏资金，{t_zh}方面的工作受到限制。"),
    ("A report on {t} was presented to {a} in {city}.", "向{city_zh}的{a_zh}提交了一份关于{t_zh}的报告。"),
    ("Monitoring of {t} continued in {k} cities.", "在 {k} 个城市继续监测{t_zh}。"),
    (
        "A guide on {t} was published with {a} and used in {city}.",
        "与{a_zh}合作出版了一份关于{t_zh}的指南，并在{city_zh}使用。",
    ),
]
TITLE_VERBS = [
    ("Strengthening", "加强"),
    ("Promoting", "促进"),
    ("Enhancing", "增强"),
    ("Accelerating", "加快"),
    ("Supporting", "支持"),
]
TITLE_PLACES = [
    ("in secondary cities", "二级城市的"),
    ("in small island developing States", "小岛屿发展中国家的"),
    ("in the least developed countries", "最不发达国家的"),
    ("in post-crisis settings", "危机后环境中的"),
    ("in metropolitan regions", "大都市区的"),
    ("in rural–urban corridors", "城乡走廊的"),
]
DONORS = ["Norway", "Sweden", "Germany", "Japan", "China", "Kenya", "Spain", "the Netherlands", "Bahrain", "Mexico"]

# Operative paragraphs: an opening, an action on a topic in a place, and a tail, in English and
# Chinese (made-up combinations, ASCII or Chinese only, each ending with ";" / "；"). An opening is
# (English, Chinese before the action, Chinese after it, weight, the classification intended:
# what restrack.reading.mandates.classify reads from the English text, checked by the test).
OPENINGS = [
    ("Requests the Executive Director to", "请执行主任", "", 30, ("requests", "secretariat")),
    ("Also requests the Executive Director to", "又请执行主任", "", 8, ("requests", "secretariat")),
    ("Calls upon UN-Habitat to", "吁请人居署", "", 4, ("calls_upon", "secretariat")),
    ("Invites Member States to", "邀请会员国", "", 12, ("invites", "member_states")),
    ("Encourages partners to", "鼓励伙伴", "", 10, ("encourages", "partners")),
    ("Decides to", "决定", "", 8, ("decides", "body")),
    ("Urges Governments to", "敦促各国政府", "", 8, ("urges", "member_states")),
    ("Welcomes the efforts of Member States to", "欢迎会员国努力", "", 4, ("welcomes", "body")),
]
# Reporting clauses: mandates that make a report due (a Deliverable), at a session the registry
# holds (the Assembly's second), at one it does not hold yet, at the Board's, or at every session.
_PROGRESS = "的进展情况"
REPORTING_OPENINGS = [
    (
        "Requests the Executive Director to report to the Assembly at its fourth session on progress made to",
        "请执行主任向人居大会第四届会议报告",
        _PROGRESS,
        4,
        ("requests", "secretariat"),
    ),
    (
        "Requests the Executive Director to report to the Assembly at its third session on progress made to",
        "请执行主任向人居大会第三届会议报告",
        _PROGRESS,
        3,
        ("requests", "secretariat"),
    ),
    (
        "Requests the Executive Director to report to the Assembly at its second session on progress made to",
        "请执行主任向人居大会第二届会议报告",
        _PROGRESS,
        1,
        ("requests", "secretariat"),
    ),
    (
        "Requests the Executive Director to report to the Executive Board at its first session of 2026 on "
        "progress made to",
        "请执行主任向执行局2026年第一届会议报告",
        _PROGRESS,
        2,
        ("requests", "secretariat"),
    ),
    (
        "Requests the Executive Director to report to the Assembly at each of its sessions on progress made to",
        "请执行主任向人居大会每届会议报告",
        _PROGRESS,
        2,
        ("requests", "secretariat"),
    ),
]
# (English, Chinese with {x} for the topic in its place)
ACTIONS = [
    ("support", "支持{x}"),
    ("strengthen capacity for", "加强{x}方面的能力"),
    ("mobilize resources for", "为{x}调动资源"),
    ("develop guidelines on", "制定关于{x}的准则"),
    ("promote", "促进{x}"),
    ("scale up technical assistance on", "扩大{x}方面的技术援助"),
    ("collect and share data on", "收集和分享关于{x}的数据"),
    ("prepare a global assessment of", "编写关于{x}的全球评估"),
    ("foster partnerships on", "促进关于{x}的伙伴关系"),
    ("monitor progress on", "监测{x}方面的进展"),
    ("share good practices on", "分享{x}方面的良好做法"),
    ("accelerate action on", "加快{x}方面的行动"),
]
# (English, Chinese: an adverbial that comes before the action, weight); one paragraph in three
# has none.
TAILS = [
    ("", "", 3),
    ("in close cooperation with local authorities", "与地方当局密切合作，", 1),
    ("within existing resources", "在现有资源范围内", 1),
    ("in consultation with Member States", "与会员国协商，", 1),
    ("as a matter of priority", "作为优先事项", 1),
    ("taking into account the needs of women and youth", "考虑到妇女和青年的需要，", 1),
    ("subject to the availability of extrabudgetary resources", "视预算外资源情况", 1),
]
REPORTING_EVERY = 2  # one instrument in two ends with a reporting clause
# How an instrument's text refers to an earlier one (restrack.reading.lineage reads these words):
# (relation, weight, the words before the reference, where: preamble or operative).
LINEAGE = [
    ("recalls", 6, "Recalling", "preamble"),
    ("reaffirms", 2, "Reaffirming", "preamble"),
    ("follows_up", 2, "on the implementation of", "operative"),
    ("supersedes", 1, "the present resolution supersedes", "operative"),
    ("cites", 1, "in line with", "operative"),
]
LINEAGE_WINDOW = 400  # an instrument refers to one of the last 400 of its body
LINEAGE_REFERENCE_SHARE = 0.1  # one link in ten or so to a reference instrument (Assembly, Board)
REFERENCE_BODY_NAMES = {"assembly": "UN-Habitat Assembly", "executive-board": "Executive Board"}
PARAGRAPH_FUNDING_EVERY = 10  # one synthetic instrument in ten has its money per paragraph
PARAGRAPH_FUNDING_PERIODS = 2  # in the most recent two periods


def _cumulative(weights) -> list[int]:
    total, out = 0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


_OPENING_WEIGHTS = _cumulative(row[3] for row in OPENINGS)
_REPORTING_WEIGHTS = _cumulative(row[3] for row in REPORTING_OPENINGS)
_TOPIC_WEIGHTS = _cumulative(row[2] for row in TOPICS)
_TAIL_WEIGHTS = _cumulative(row[2] for row in TAILS)
_LINEAGE_WEIGHTS = _cumulative(row[1] for row in LINEAGE)


def operative_text(rng: random.Random, reporting: bool = False) -> tuple[str, str]:
    """A made-up operative paragraph (English, Chinese): a reporting clause when `reporting`."""
    if reporting:
        en, zh_before, zh_after, _weight, _intended = rng.choices(REPORTING_OPENINGS, cum_weights=_REPORTING_WEIGHTS)[0]
    else:
        en, zh_before, zh_after, _weight, _intended = rng.choices(OPENINGS, cum_weights=_OPENING_WEIGHTS)[0]
    action_en, action_zh = ACTIONS[rng.randrange(len(ACTIONS))]
    topic = rng.choices(TOPICS, cum_weights=_TOPIC_WEIGHTS)[0]
    place = TITLE_PLACES[rng.randrange(len(TITLE_PLACES))]
    tail_en, tail_zh, _weight = rng.choices(TAILS, cum_weights=_TAIL_WEIGHTS)[0]
    place_en = place[0].replace("–", "-")  # ASCII only
    english = f"{en} {action_en} {topic[0]} {place_en}" + (f", {tail_en}" if tail_en else "") + ";"
    chinese = f"{zh_before}{tail_zh}{action_zh.format(x=place[1] + topic[1])}{zh_after}；"
    return english, chinese


def intended_classification(text_en: str) -> tuple[str, str]:
    """(action, addressee) the opening of `text_en`, one of operative_text's, is meant to have."""
    openings = sorted(OPENINGS + REPORTING_OPENINGS, key=lambda row: -len(row[0]))
    return next(row[4] for row in openings if text_en.startswith(row[0] + " "))


@dataclass(frozen=True)
class ScaleSpec:
    """How big a data set to build: `instruments` in total (the reference instruments the
    migrations load count towards it), `periods` published periods ending with 2025-H2, and
    `paragraphs_per_update` paragraphs in every update (40,000 x 20 x 2 = 1.6 million)."""

    instruments: int = 40_000
    periods: int = 20
    paragraphs_per_update: int = 2
    seed: int = 20_250_101
    pool: int = 4_096  # distinct paragraph texts

    def __post_init__(self):
        for name in ("instruments", "periods", "paragraphs_per_update", "pool"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, not {getattr(self, name)}.")
        if self.periods > 2 * (LAST_PERIOD_YEAR - 1950):
            raise ValueError(f"periods must be at most {2 * (LAST_PERIOD_YEAR - 1950)}.")


class Timings:
    """Seconds spent and rows written per table, printed as the build goes."""

    def __init__(self, report: Callable[[str], None]):
        self.report = report
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.rows: dict[str, int] = defaultdict(int)
        self.started = time.perf_counter()

    @contextmanager
    def table(self, name: str, rows: int = 0):
        started, cpu = time.perf_counter(), time.process_time()
        yield
        self.seconds[name] += time.perf_counter() - started
        self.cpu[name] += time.process_time() - cpu
        self.rows[name] += rows

    def add(self, name: str, rows: int) -> None:
        self.rows[name] += rows

    def print(self) -> None:
        """Wall-clock seconds and this process's CPU seconds (the database's own work is in the
        wall-clock figure for PostgreSQL, in both for SQLite, which runs inside the process)."""
        self.report(f"{'table':<42}{'rows':>11}{'wall s':>9}{'CPU s':>8}{'rows/s':>10}")
        for name, seconds in self.seconds.items():
            rows = self.rows[name]
            rate = f"{rows / seconds:,.0f}" if seconds and rows else ""
            self.report(f"{name:<42}{rows:>11,}{seconds:>9.1f}{self.cpu[name]:>8.1f}{rate:>10}")
        total_rows, total_seconds = sum(self.rows.values()), sum(self.seconds.values())
        self.report(f"{'total':<42}{total_rows:>11,}{total_seconds:>9.1f}{sum(self.cpu.values()):>8.1f}")


# -- the text pool -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    en: str
    zh: str
    facts: dict
    funding_constraint: bool


def _sentence(rng: random.Random) -> tuple[str, str, bool]:
    en, zh = rng.choice(SENTENCES)
    topic = rng.choices(TOPICS, weights=[weight for *_text, weight in TOPICS])[0]
    city, actor = rng.choice(CITIES), rng.choice(ACTORS)
    month = rng.randrange(12)
    millions = rng.randrange(2, 99) / 10
    values = {
        "t": topic[0],
        "t_zh": topic[1],
        "city": city[0],
        "city_zh": city[1],
        "a": actor[0],
        "a_zh": actor[1],
        "month": MONTHS[month],
        "month_number": month + 1,
        "year": rng.randrange(2016, 2028),
        "millions": f"{millions:g}",
        "wan": round(millions * 100),
        "n": rng.randrange(12, 400),
        "k": rng.randrange(2, 40),
        "c": "",
    }
    constraint = "{c}" in en
    english = en.format(**values)
    return english[0].upper() + english[1:], zh.format(**values), constraint


def text_pool(spec: ScaleSpec) -> list[Paragraph]:
    """`spec.pool` paragraphs of two to four sentences, with the facts the product reads from them."""
    from restrack.reporting.facts import stated_facts

    rng = random.Random(spec.seed)
    pool = []
    for _ in range(spec.pool):
        sentences = [_sentence(rng) for _ in range(rng.randint(2, 4))]
        en = " ".join(sentence[0] for sentence in sentences)
        zh = "".join(sentence[1] for sentence in sentences)
        facts = stated_facts({"en": en, "zh-hans": zh}, instrument=None, year=LAST_PERIOD_YEAR)
        pool.append(Paragraph(en, zh, facts, any(sentence[2] for sentence in sentences)))
    return pool


def _title(rng: random.Random) -> tuple[str, str]:
    verb, place = rng.choice(TITLE_VERBS), rng.choice(TITLE_PLACES)
    topic = rng.choices(TOPICS, weights=[weight for *_text, weight in TOPICS])[0]
    return f"{SYNTHETIC} {verb[0]} {topic[0]} {place[0]}", f"{SYNTHETIC} {verb[1]}{place[1]}{topic[1]}"


# -- the build ---------------------------------------------------------------------------------


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _bulk(timings: Timings, name: str, model, rows: list) -> None:
    if not rows:
        return
    with timings.table(name, len(rows)):
        model.objects.bulk_create(rows, batch_size=BATCH)


def _period_labels(count: int) -> list[str]:
    """`count` consecutive labels ending with the second half of LAST_PERIOD_YEAR, oldest first."""
    halves = [(LAST_PERIOD_YEAR - n // 2, 2 - n % 2) for n in range(count)]
    return [f"{year}-H{half}" for year, half in reversed(halves)]


def build(
    spec: ScaleSpec, *, report: Callable[[str], None] = print, search_index: bool = True, overlaps: bool = True
) -> dict[str, int]:
    """Write the data set into the (migrated, otherwise empty) database; returns the row counts.
    `overlaps`: also find the operative paragraphs alike (_overlaps), at the end."""
    from django.db import connection, transaction

    from restrack.core.guard import writes_allowed

    timings = Timings(report)
    started = time.perf_counter()
    with timings.table("text pool (facts read once each)", spec.pool):
        pool = text_pool(spec)
    timings.rows["text pool (facts read once each)"] = 0
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:  # a throw-away database: no need to wait for the disk
            cursor.execute("PRAGMA synchronous=OFF")
    with writes_allowed():
        with transaction.atomic():
            instruments, ops_by_instrument, made = _registry(spec, timings)
            _lineage(spec, timings, made, ops_by_instrument)
            _goals(spec, timings, made, ops_by_instrument)
            periods = _periods(spec, timings)
            partner_ids = _partners(spec, timings)
        _reports(spec, timings, pool, instruments, ops_by_instrument, periods, partner_ids)
        per_paragraph = {
            instrument: ops_by_instrument[instrument]
            for k, instrument in enumerate(made)
            if k % PARAGRAPH_FUNDING_EVERY == 0 and ops_by_instrument.get(instrument)
        }
        with transaction.atomic():
            _funding(spec, timings, instruments, periods, per_paragraph)
            _window(spec, timings, instruments, periods, ops_by_instrument)
        with timings.table("instruments' report order (fill_instrument_order)"):
            from restrack.registry.models import fill_instrument_order

            # bulk inserts call no save: each instrument's place in the report order
            timings.add("instruments' report order (fill_instrument_order)", fill_instrument_order())
        with timings.table("operative paragraphs' listing place (copy_listing_place)"):
            from restrack.registry.models import copy_listing_place

            # bulk inserts call no save: the paragraphs' copies of their instrument's place
            timings.add("operative paragraphs' listing place (copy_listing_place)", copy_listing_place())
        with timings.table("progress updates' report order (fill_update_order)"):
            from restrack.reporting.models import fill_update_order

            # and the updates' place in the report order
            timings.add("progress updates' report order (fill_update_order)", fill_update_order())
        with timings.table("funding summary (rebuild_funding_summary)"):
            from restrack.funding.actions import rebuild_funding_summary

            # bulk inserts send no signals: the summary the funding pages read is written here
            timings.add("funding summary (rebuild_funding_summary)", rebuild_funding_summary())
        with timings.table("partner counts (publish.partner_counts.rebuild)"):
            from restrack.publish import partner_counts

            # the same for the kept counts of each partner's published paragraphs
            timings.add("partner counts (publish.partner_counts.rebuild)", partner_counts.rebuild())
        with timings.table("period counts (publish.period_counts.rebuild)"):
            from restrack.publish import period_counts

            # and for each period's published updates and commitments (the list of periods)
            timings.add("period counts (publish.period_counts.rebuild)", period_counts.rebuild())
        with timings.table("period comparisons (publish.comparison_counts.rebuild)"):
            from restrack.publish import comparison_counts

            # and for the comparisons of consecutive periods (the comparison page)
            timings.add("period comparisons (publish.comparison_counts.rebuild)", comparison_counts.rebuild())
        with timings.table("mandates last reported (publish.mandate_counts.rebuild)"):
            from restrack.publish import mandate_counts

            # and for when each operative paragraph was last reported on (the mandates' list)
            timings.add("mandates last reported (publish.mandate_counts.rebuild)", mandate_counts.rebuild())
        with timings.table("commitments' public flag (refresh_public_commitments)"):
            from restrack.reporting.models import refresh_public_commitments

            # and for the flag of the commitments the public may read (bulk_create wrote the default)
            timings.add("commitments' public flag (refresh_public_commitments)", refresh_public_commitments())
        _record_load(spec)
        report(f"  funding written ({time.perf_counter() - started:.0f} s since the start)")
        _reset_sequences()
        if search_index:
            from restrack.search import index

            report(f"  indexing for search ({time.perf_counter() - started:.0f} s since the start) ...")

            with timings.table("search index (search.index.rebuild)"):
                timings.add("search index (search.index.rebuild)", index.rebuild())
        if overlaps:
            report(f"  finding the paragraphs alike ({time.perf_counter() - started:.0f} s since the start) ...")
            _overlaps(spec, timings)
    # After a bulk load, what autovacuum would do some time later, done before measuring: the
    # planner's statistics, and on PostgreSQL the visibility map (index-only scans read no heap
    # page) and the GIN indexes' pending lists merged (searches do not read them row by row).
    # VACUUM cannot run in a transaction (a test's build is one): ANALYZE alone there.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    statement = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with timings.table(statement), connection.cursor() as cursor:
        cursor.execute(statement)
    timings.print()
    report(f"built in {time.perf_counter() - started:.0f} s")
    return counts()


def _overlaps(spec: ScaleSpec, timings: Timings) -> None:
    """The operative paragraphs alike (ParagraphOverlap, the /mandates/overlaps/ page), found by
    the registry's own `restrack find-overlaps` over every paragraph's texts."""
    from restrack.registry.overlaps import rebuild

    name = "registry: overlaps (restrack find-overlaps)"
    with timings.table(name):
        timings.add(name, rebuild())


def _record_load(spec: ScaleSpec) -> None:
    """One event for the whole load: a list's Last-Modified is the latest event's time, and with
    no event at all it is read from every listed row instead (restrack.core.api.views)."""
    from django.db import transaction

    from restrack.accounts.system_user import get_system_user
    from restrack.core.choices import EventKind
    from restrack.core.events import emit
    from restrack.registry.models import GoverningBody

    with transaction.atomic():
        emit(
            EventKind.REFERENCE_DATA_LOADED,
            actor=get_system_user(),
            target=GoverningBody.objects.get(code=GoverningBody.ASSEMBLY),
            reason="Synthetic data set loaded in bulk (benchmarks/_scale_data.py)",
            data={"instruments": spec.instruments, "periods": spec.periods},
        )


def counts() -> dict[str, int]:
    from restrack.funding.models import FundingRecord, ParagraphFunding, WindowAllocation, WindowContribution
    from restrack.registry.models import (
        Deliverable,
        GoalLink,
        GoverningBody,
        Instrument,
        InstrumentLink,
        OperativeParagraph,
        ParagraphOverlap,
        Partner,
        Session,
        mandates_q,
    )
    from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, UpdateEntry
    from restrack.search.models import SearchEntry

    tables = {
        "bodies": GoverningBody.objects.all(),
        "sessions": Session.objects.all(),
        "instruments": Instrument.objects.all(),
        "operative paragraphs": OperativeParagraph.objects.all(),
        "mandates": OperativeParagraph.objects.filter(mandates_q()),
        "deliverables": Deliverable.objects.all(),
        "instrument links": InstrumentLink.objects.all(),
        "goal links": GoalLink.objects.all(),
        "paragraph overlaps": ParagraphOverlap.objects.all(),
        "partners": Partner.objects.all(),
        "periods": ReportingPeriod.objects.all(),
        "updates": ProgressUpdate.objects.all(),
        "paragraphs": UpdateEntry.objects.all(),
        "paragraph-partner links": UpdateEntry.partners.through.objects.all(),
        "paragraph-operative paragraph links": UpdateEntry.operative_paragraphs.through.objects.all(),
        "commitments": Commitment.objects.all(),
        "funding records": FundingRecord.objects.all(),
        "paragraph funding records": ParagraphFunding.objects.all(),
        "window contributions": WindowContribution.objects.all(),
        "window allocations": WindowAllocation.objects.all(),
        "window allocations to a paragraph": WindowAllocation.objects.filter(paragraph__isnull=False),
        "search entries": SearchEntry.objects.all(),
    }
    return {name: queryset.count() for name, queryset in tables.items()}


def _registry(spec: ScaleSpec, timings: Timings):
    """Bodies and sessions enough for `spec.instruments`, the instruments and their operative
    paragraphs. Instrument numbers must be unique per kind across bodies (the public pages find an
    instrument by kind and number), so each synthetic body numbers its sessions from its own
    hundred: body 3's sessions are 301, 302, ..."""
    from restrack.reading.mandates import classify
    from restrack.registry.models import Deliverable, GoverningBody, Instrument, OperativeParagraph, Session
    from restrack.registry.numbering import parse_paragraph_number

    rng = random.Random(spec.seed + 1)
    existing = list(Instrument.objects.order_by("pk").values_list("pk", flat=True))
    to_make = max(spec.instruments - len(existing), 0)
    sessions_needed = -(-to_make // INSTRUMENTS_PER_SESSION)
    body_count = min(MAX_BODIES, sessions_needed)
    bodies = [
        GoverningBody(
            code=f"synthetic-{n}",
            name_en=f"{SYNTHETIC} Governing body {n}",
            name_zh_hans=f"{SYNTHETIC} 理事机构 {n}",
            abbreviation_en=f"GB{n}",
            abbreviation_zh_hans=f"理事机构{n}",
            symbol_prefix=f"SYN/GB{n}",
        )
        for n in range(1, body_count + 1)
    ]
    _bulk(timings, "registry: governing bodies", GoverningBody, bodies)
    bodies = list(GoverningBody.objects.filter(code__startswith="synthetic-").order_by("pk"))
    sessions = []
    rounds = -(-sessions_needed // max(body_count, 1))
    for index in range(sessions_needed):
        body_number, round_ = index % body_count + 1, index // body_count
        year = LAST_PERIOD_YEAR - (rounds - 1 - round_)  # one session a year per body
        sessions.append(
            Session(
                body=bodies[body_number - 1],
                number=body_number * 100 + round_ + 1,
                year=year,
                start_date=datetime.date(year, 1 + (body_number * 2) % 12, 10),
                place_en="Nairobi",
                place_zh_hans="内罗毕",
            )
        )
    _bulk(timings, "registry: sessions", Session, sessions)
    sessions = list(Session.objects.filter(body__code__startswith="synthetic-").order_by("number"))

    instrument_id = _next_id(Instrument)
    rows = []
    for index in range(to_make):
        session = sessions[index // INSTRUMENTS_PER_SESSION]
        sequence = index % INSTRUMENTS_PER_SESSION + 1
        kind = "decision" if sequence % 7 == 0 else "resolution"
        title_en, title_zh = _title(rng)
        rows.append(
            Instrument(
                pk=instrument_id + index,
                kind=kind,
                body_id=session.body_id,
                session=session,
                number=f"{session.number}/{sequence}",
                sequence=sequence,
                title_en=title_en,
                title_zh_hans=title_zh,
                adoption_date=session.start_date,
                status=rng.choice(["under_implementation"] * 5 + ["constrained", "recurring", "completed"]),
                lead_unit=f"{SYNTHETIC} unit {sequence % 9 + 1}",
            )
        )
    _bulk(timings, "registry: instruments", Instrument, rows)
    instruments = existing + [instrument_id + index for index in range(to_make)]

    # Operative paragraphs: the reference instruments' own, and three to six for each new one,
    # classified as the importer does (restrack.ingest.resolution_import._classify), with the
    # report each reporting clause makes due (a Deliverable).
    ops_by_instrument: dict[int, list[int]] = defaultdict(list)
    for pk, instrument in OperativeParagraph.objects.order_by("order").values_list("pk", "instrument_id"):
        ops_by_instrument[instrument].append(pk)
    orders = {n: parse_paragraph_number(str(n)).sort_key for n in range(1, 7)}
    op_id = _next_id(OperativeParagraph)
    texts = random.Random(spec.seed + 5)
    classified: dict[str, tuple] = {}  # English text -> (action, addressee, reporting due)
    due_at = _DueSessions()
    made = instruments[len(existing) :]
    rows = Rows(
        timings,
        "registry: operative paragraphs",
        OperativeParagraph,
        ["id", "instrument_id", "number", "order", "text", "text_en", "text_zh_hans", "action", "addressee"],
    )
    for start in range(0, len(made), CHUNK):
        deliverables = []
        with timings.table("registry: paragraph texts, classification"):
            for k in range(start, min(start + CHUNK, len(made))):
                instrument = made[k]
                count = rng.randint(3, 6)
                for number in range(1, count + 1):
                    reporting = number == count and k % REPORTING_EVERY == 0
                    text_en, text_zh = operative_text(texts, reporting)
                    found = classified.get(text_en)
                    if found is None:
                        result = classify(text_en)
                        found = classified[text_en] = (result.action, result.addressee, result.reporting)
                    action, addressee, due = found
                    rows.add(
                        op_id, instrument, str(number), orders[number], text_en, text_en, text_zh, action, addressee
                    )
                    if due is not None:
                        deliverables.append(due_at.deliverable(op_id, due))
                    ops_by_instrument[instrument].append(op_id)
                    op_id += 1
        rows.write()
        _bulk(timings, "registry: deliverables", Deliverable, deliverables)
    timings.report(f"  {len(classified):,} distinct operative paragraph texts, classified once each")
    return instruments, ops_by_instrument, made


class _DueSessions:
    """Deliverables as resolution_import._deliverable writes them: the body a report is due to, the
    session named (its number, or year and order), linked to the registry's session when it holds
    it (Deliverable.matching_session, asked once per distinct session named)."""

    def __init__(self):
        from restrack.ingest.resolution_import import BODY_CODES
        from restrack.registry.models import GoverningBody

        bodies = dict(GoverningBody.objects.filter(code__in=BODY_CODES.values()).values_list("code", "pk"))
        self.bodies = {name: bodies[code] for name, code in BODY_CODES.items() if code in bodies}
        self.sessions: dict[tuple, int | None] = {}

    def deliverable(self, paragraph_id: int, due):
        from restrack.registry.models import Deliverable

        row = Deliverable(
            paragraph_id=paragraph_id,
            body_id=self.bodies[due.body],
            session_number=due.session,
            session_year=due.year,
            session_order=due.order,
            recurring=due.recurring,
            state="pending",
        )
        key = (row.body_id, due.session, due.year, due.order)
        if key not in self.sessions:
            session = row.matching_session()
            self.sessions[key] = session.pk if session else None
        row.session_id = self.sessions[key]
        return row


def _lineage(spec: ScaleSpec, timings: Timings, made: list[int], ops_by_instrument) -> None:
    """Links between instruments (InstrumentLink) as the importer records them from a text's
    references: every synthetic instrument but the first of its body refers to one or two earlier
    instruments of its body (one of the last LINEAGE_WINDOW), now and then to a reference one of the
    Assembly or the Board instead; the target named by its body, kind and number, linked."""
    from restrack.registry.models import GoverningBody, Instrument, InstrumentLink

    rng = random.Random(spec.seed + 6)
    names, kinds, body_of = {}, {}, {}
    for pk, number, kind, body in Instrument.objects.values_list("pk", "number", "kind", "body_id").iterator(
        chunk_size=BATCH
    ):
        names[pk], kinds[pk], body_of[pk] = number, kind, body
    codes = dict(GoverningBody.objects.values_list("pk", "code"))
    reference = sorted(pk for pk, body in body_of.items() if codes[body] in REFERENCE_BODY_NAMES)
    links = Rows(
        timings,
        "registry: instrument links",
        InstrumentLink,
        ["id", "source_id", "target_id", "target_body", "target_kind", "target_number", "relation", "where", "text"],
    )
    link_id = _next_id(InstrumentLink)
    earlier: dict[int, list[int]] = defaultdict(list)
    with timings.table("registry: instrument links (Python)"):
        for source in made:  # in the order they were adopted
            body = body_of[source]
            before = earlier[body]
            if not before:
                before.append(source)
                continue
            wanted = rng.randint(1, 2)
            targets = []
            if reference and rng.random() < LINEAGE_REFERENCE_SHARE:
                targets.append(rng.choice(reference))
            window = before[-LINEAGE_WINDOW:]
            targets += rng.sample(window, min(wanted - len(targets), len(window)))
            for target in targets:
                relation, _weight, words, place = rng.choices(LINEAGE, cum_weights=_LINEAGE_WEIGHTS)[0]
                code = codes[body_of[target]]
                whose = "its" if body_of[target] == body else REFERENCE_BODY_NAMES[code]
                if place == "preamble":
                    where = f"preamble {rng.randint(1, 4)}"
                else:
                    where = str(rng.randint(1, max(len(ops_by_instrument.get(source) or ()), 1)))
                links.add(
                    link_id,
                    source,
                    target,
                    code,
                    kinds[target],
                    names[target],
                    relation,
                    where,
                    f"{words} {whose} {kinds[target]} {names[target]}",
                )
                link_id += 1
            before.append(source)
    links.write()


def _goals(spec: ScaleSpec, timings: Timings, made: list[int], ops_by_instrument) -> None:
    """Each synthetic instrument linked to one or two goals (the SDG 11 family three times as often
    as any other), as read from its text (`detected`): a goal named in its preamble links the
    instrument, one named in operative paragraphs links those paragraphs."""
    from restrack.registry.models import Goal, GoalLink

    goals = list(Goal.objects.order_by("order", "code").values_list("code", "pk"))
    if not goals:  # the reference list is loaded by a migration; a database without it
        from django.apps import apps

        from restrack.registry.reference.loader import load_reference_data

        load_reference_data(apps)
        goals = list(Goal.objects.order_by("order", "code").values_list("code", "pk"))
    weights = _cumulative(3 if code.startswith("SDG-11") else 1 for code, _pk in goals)
    rng = random.Random(spec.seed + 7)
    rows = Rows(
        timings, "registry: goal links", GoalLink, ["id", "goal_id", "instrument_id", "paragraph_id", "detected"]
    )
    link_id = _next_id(GoalLink)
    with timings.table("registry: goal links (Python)"):
        for k, instrument in enumerate(made):
            ops = ops_by_instrument.get(instrument) or []
            chosen: set[int] = set()
            wanted = rng.randint(1, 2)
            while len(chosen) < wanted:
                chosen.add(rng.choices(goals, cum_weights=weights)[0][1])
            for j, goal in enumerate(sorted(chosen)):
                if (k + j) % 2 == 0 or not ops:
                    rows.add(link_id, goal, instrument, None, True)
                    link_id += 1
                    continue
                for paragraph in sorted(rng.sample(ops, min(rng.randint(1, 2), len(ops)))):
                    rows.add(link_id, goal, instrument, paragraph, True)
                    link_id += 1
    rows.write()


def _periods(spec: ScaleSpec, timings: Timings):
    from restrack.reporting.models import ReportingPeriod
    from restrack.reporting.periods import parse_period_label

    rows = []
    for label in _period_labels(spec.periods):
        parsed = parse_period_label(label)
        rows.append(
            ReportingPeriod(
                label=label,
                start_date=parsed.start,
                end_date=parsed.end,
                state="published",
                introduction_en=(
                    f"{SYNTHETIC} This period's report is made-up data written by benchmarks/bench_scale.py to "
                    "measure Restrack at scale; none of it describes real work."
                ),
                introduction_zh_hans=f"{SYNTHETIC} 本期报告为 benchmarks/bench_scale.py 生成的虚构数据，用于测量规模性能，不反映真实工作。",
            )
        )
    _bulk(timings, "reporting: periods", ReportingPeriod, rows)
    return list(ReportingPeriod.objects.filter(label__in=[row.label for row in rows]).order_by("start_date"))


def _partners(spec: ScaleSpec, timings: Timings) -> list[int]:
    """The reference partners and one synthetic partner per hundred instruments."""
    from restrack.registry.models import Partner

    rows = [
        Partner(
            code=f"SYN-{n:04d}",
            kind="civil_society" if n % 3 else "private_sector",
            name_en=f"{SYNTHETIC} Partner organization {n}",
            name_zh_hans=f"{SYNTHETIC} 伙伴组织 {n}",
            short_name_en=f"SYN-{n:04d}",
        )
        for n in range(1, spec.instruments // 100 + 1)
    ]
    _bulk(timings, "registry: partners", Partner, rows)
    return list(Partner.objects.filter(is_self=False).order_by("pk").values_list("pk", flat=True))


def _months_later(day: datetime.date, months: int) -> datetime.date:
    """The last day of the month `months` after `day`'s."""
    index = day.year * 12 + day.month - 1 + months + 1
    return datetime.date(index // 12, index % 12 + 1, 1) - datetime.timedelta(days=1)


class Rows:
    """Rows of one big table written with `executemany` rather than `bulk_create`: building a model
    instance per row (translation fields included) and having bulk_create prepare it costs several
    times more CPU than the insert itself, and these tables hold millions of rows. The columns and
    every value the build does not give come from the model (its fields' defaults, prepared by the
    fields themselves), so the rows stay what the ORM would write; `given` values are prepared by
    their fields too, except plain integers, strings and booleans, and fields named in `ready`
    (values already prepared, such as JSON computed once per text of the pool)."""

    def __init__(self, timings: Timings, name: str, model, given: list[str], ready: tuple[str, ...] = ()):
        from django.db import connection, models
        from django.utils import timezone

        self.timings, self.name, self.model = timings, name, model
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(given) - set(fields)
        if unknown:
            raise ValueError(f"{model._meta.label} has no field {sorted(unknown)}.")
        plain = (models.IntegerField, models.ForeignKey, models.CharField, models.TextField, models.BooleanField)
        self.prepare = [
            None if name in ready or isinstance(fields[name], plain) else fields[name].get_db_prep_save
            for name in given
        ]
        now = timezone.now()
        rest = [field for name, field in fields.items() if name not in given and not field.primary_key]
        self.defaults = tuple(
            field.get_db_prep_save(
                now
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
                else field.get_default(),
                connection,
            )
            for field in rest
        )
        columns = [fields[name].column for name in given] + [field.column for field in rest]
        self.sql = (
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
            f"({', '.join(connection.ops.quote_name(column) for column in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        self.rows: list[tuple] = []
        self.needs_preparing = any(self.prepare)

    def add(self, *values) -> None:
        self.rows.append(values)

    def write(self) -> None:
        from django.db import connection

        if not self.rows:
            return
        with self.timings.table(self.name, len(self.rows)):
            if self.needs_preparing:
                rows = [
                    tuple(
                        value if prepare is None else prepare(value, connection)
                        for prepare, value in zip(self.prepare, row)
                    )
                    + self.defaults
                    for row in self.rows
                ]
            else:
                rows = [row + self.defaults for row in self.rows]
            with connection.cursor() as cursor:
                for start in range(0, len(rows), BATCH):
                    cursor.executemany(self.sql, rows[start : start + BATCH])
        self.rows = []


def _reports(spec, timings, pool, instruments, ops_by_instrument, periods, partner_ids) -> None:
    """One published update per instrument and period with `paragraphs_per_update` paragraphs; each
    paragraph reports on one operative paragraph, one in ten names partners, one in eight promises
    a commitment (delivered, missed or pending by its due date)."""
    from django.db import connection, transaction

    from restrack.reporting.models import Commitment, ProgressUpdate, UpdateEntry

    per_update = spec.paragraphs_per_update
    count = len(instruments)
    update_base, entry_base, commitment_id = (
        _next_id(ProgressUpdate),
        _next_id(UpdateEntry),
        _next_id(Commitment),
    )
    facts_field = UpdateEntry._meta.get_field("facts")
    facts = [facts_field.get_db_prep_save(paragraph.facts, connection) for paragraph in pool]
    summaries = [
        (paragraph.en.split(". ")[0].rstrip(".") + ".", paragraph.zh.split("。")[0] + "。") for paragraph in pool
    ]
    updates = Rows(
        timings,
        "reporting: progress updates",
        ProgressUpdate,
        ["id", "instrument_id", "period_id", "status", "workflow_state", "summary", "summary_en", "summary_zh_hans"],
    )
    entries = Rows(
        timings,
        "reporting: paragraphs (update entries)",
        UpdateEntry,
        ["id", "update_id", "position", "text", "text_en", "text_zh_hans", "facts", "funding_constraint"],
        ready=("facts",),
    )
    op_links = Rows(
        timings,
        "reporting: paragraph-operative paragraph",
        UpdateEntry.operative_paragraphs.through,
        ["updateentry_id", "operativeparagraph_id"],
    )
    partner_links = Rows(
        timings, "reporting: paragraph-partner", UpdateEntry.partners.through, ["updateentry_id", "partner_id"]
    )
    commitment_fields = [
        "id",
        "instrument_id",
        "description",
        "description_en",
        "description_zh_hans",
        "due_date",
        "due_precision",
        "state",
        "promised_in_id",
        "delivered_in_id",
    ]
    commitments = Rows(timings, "reporting: commitments", Commitment, commitment_fields)
    today = datetime.date(LAST_PERIOD_YEAR + 1, 1, 1)
    statuses = ["under_implementation"] * 6 + ["constrained", "recurring", "completed", "not_started"]
    previous: list[tuple] = []  # the commitments of the period before
    for p, period in enumerate(periods):
        rng = random.Random(spec.seed * 1000 + p)
        due_dates = {months: _months_later(period.end_date, months) for months in (3, 6, 12, 18)}
        for start in range(0, count, CHUNK):
            with timings.table("reporting: building rows in Python"):
                for i in range(start, min(start + CHUNK, count)):
                    instrument = instruments[i]
                    update_id = update_base + p * count + i
                    summary_en, summary_zh = summaries[(i * 7 + p) % len(pool)]
                    updates.add(
                        update_id,
                        instrument,
                        period.pk,
                        rng.choice(statuses),
                        "published",
                        summary_en,
                        summary_en,
                        summary_zh,
                    )
                    ops = ops_by_instrument.get(instrument) or []
                    for k in range(per_update):
                        entry_id = entry_base + (p * count + i) * per_update + k
                        chosen = rng.randrange(len(pool))
                        paragraph = pool[chosen]
                        entries.add(
                            entry_id,
                            update_id,
                            k + 1,
                            paragraph.en,
                            paragraph.en,
                            paragraph.zh,
                            facts[chosen],
                            paragraph.funding_constraint,
                        )
                        if ops:
                            op_links.add(entry_id, ops[(p + k) % len(ops)])
                        if partner_ids and rng.random() < 0.1:
                            for partner in rng.sample(partner_ids, min(rng.randint(1, 2), len(partner_ids))):
                                partner_links.add(entry_id, partner)
                        if rng.random() < 0.125:
                            due = due_dates[rng.choice((3, 6, 12, 18))]
                            state, delivered_in = "pending", None
                            if due < today:
                                if p + 1 < len(periods) and rng.random() < 0.7:
                                    state = "delivered"
                                    delivered_in = entry_base + ((p + 1) * count + i) * per_update
                                else:
                                    state = "missed"
                            description_en, description_zh = summaries[chosen]
                            commitments.add(
                                commitment_id,
                                instrument,
                                description_en,
                                description_en,
                                description_zh,
                                due,
                                "month",
                                state,
                                entry_id,
                                delivered_in,
                            )
                            commitment_id += 1
            with transaction.atomic():
                updates.write()
                entries.write()
                op_links.write()
                partner_links.write()
        # Commitments name the next period's paragraphs as deliveries; the database checks
        # references when the transaction commits, so each period's are written after the next's
        # paragraphs.
        timings.report(
            f"  {period.label}: {count * per_update:,} paragraphs written "
            f"({time.perf_counter() - timings.started:.0f} s since the start)"
        )
        current, commitments.rows = commitments.rows, previous
        with transaction.atomic():
            commitments.write()
        previous = current
    commitments.rows = previous
    with transaction.atomic():
        commitments.write()


def _funding(spec, timings, instruments, periods, per_paragraph=None) -> None:
    """Figures for every instrument and period: requirements that grow a little each period and
    resources mobilized from each source (the window's for one instrument in four). The instruments
    of `per_paragraph` ({instrument: its operative paragraphs}) have their figures of the last
    PARAGRAPH_FUNDING_PERIODS periods per paragraph (ParagraphFunding), which add up exactly to the
    instrument's record, amount by amount (None where the record has None), as
    restrack.funding.actions.record_paragraph_funding keeps them."""
    from restrack.funding.models import FundingRecord, ParagraphFunding

    per_paragraph = per_paragraph or {}
    rng = random.Random(spec.seed + 3)
    shares = random.Random(spec.seed + 8)
    record_id, paragraph_record_id = _next_id(FundingRecord), _next_id(ParagraphFunding)
    base = [rng.randrange(200, 20_000) * 1000 for _ in instruments]
    amount_fields = [
        "requirements_usd",
        "mobilized_core_usd",
        "mobilized_earmarked_usd",
        "mobilized_window_usd",
        "mobilized_other_usd",
    ]
    records = Rows(
        timings, "funding: funding records", FundingRecord, ["id", "instrument_id", "period_id", *amount_fields]
    )
    paragraph_records = Rows(
        timings, "funding: paragraph funding", ParagraphFunding, ["id", "paragraph_id", "period_id", *amount_fields]
    )
    for p, period in enumerate(periods):
        by_paragraph = p >= len(periods) - PARAGRAPH_FUNDING_PERIODS
        for i, instrument in enumerate(instruments):
            requirements = base[i] + base[i] * p // 20
            mobilized = int(requirements * min(0.15 + 0.04 * p + rng.random() * 0.3, 1.2))
            amounts = (
                requirements,
                mobilized * 3 // 10,
                mobilized * 5 // 10,
                mobilized // 10 if i % 4 == 0 else None,
                mobilized - mobilized * 8 // 10 - mobilized // 10,
            )
            records.add(record_id, instrument, period.pk, *(None if a is None else Decimal(a) for a in amounts))
            record_id += 1
            paragraphs = per_paragraph.get(instrument) if by_paragraph else None
            if paragraphs:
                weights = [shares.randint(1, 6) for _ in paragraphs]
                parts = [_split(amount, weights) for amount in amounts]
                for n, paragraph in enumerate(paragraphs):
                    paragraph_records.add(paragraph_record_id, paragraph, period.pk, *(part[n] for part in parts))
                    paragraph_record_id += 1
        if len(records.rows) >= BATCH * 4:
            records.write()
            paragraph_records.write()
    records.write()
    paragraph_records.write()


def _split(amount: int | None, weights: list[int]) -> list[Decimal | None]:
    """`amount` in whole dollars shared by `weights`, adding up to it exactly (None: None each)."""
    if amount is None:
        return [None] * len(weights)
    total = sum(weights)
    parts = [amount * weight // total for weight in weights[:-1]]
    return [Decimal(part) for part in [*parts, amount - sum(parts)]]


def _window(spec, timings, instruments, periods, ops_by_instrument) -> None:
    """The Urban Action Funding Window's books: contributions at the start of each period and
    allocations through it, never more than has come in (its balance stays positive); every other
    allocation funds one operative paragraph (a mandate) of its instrument."""
    from restrack.funding.models import WindowAllocation, WindowContribution
    from restrack.funding.window import the_window

    window = the_window()
    rng = random.Random(spec.seed + 4)
    mandates = random.Random(spec.seed + 9)
    allocations_per_period = max(len(instruments) // (20 * len(periods)), 2)
    contributions, allocations = [], []
    for period in periods:
        received = 0
        for n in range(5):
            amount = rng.randrange(1_000, 3_000) * 1000
            received += amount
            contributions.append(
                WindowContribution(
                    window=window,
                    donor=f"{SYNTHETIC} {DONORS[rng.randrange(len(DONORS))]}",
                    received_on=period.start_date + datetime.timedelta(days=n),
                    amount=Decimal(amount),
                    currency="USD",
                    amount_usd=Decimal(amount),
                    kind="new",
                )
            )
        budget = received * 9 // 10
        for n in range(allocations_per_period):
            amount = max(budget // allocations_per_period, 1000)
            instrument = instruments[rng.randrange(len(instruments))]
            ops = ops_by_instrument.get(instrument) if n % 2 == 0 else None
            allocations.append(
                WindowAllocation(
                    window=window,
                    instrument_id=instrument,
                    paragraph_id=mandates.choice(ops) if ops else None,
                    allocated_on=period.start_date + datetime.timedelta(days=10 + n * 170 // allocations_per_period),
                    amount_usd=Decimal(amount),
                    purpose=f"{SYNTHETIC} Seed funding for local implementation",
                )
            )
    _bulk(timings, "funding: window contributions", WindowContribution, contributions)
    _bulk(timings, "funding: window allocations", WindowAllocation, allocations)


def _reset_sequences() -> None:
    """PostgreSQL's id sequences past the ids written explicitly (SQLite needs nothing)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    models = [model for app in ("registry", "reporting", "funding") for model in apps.get_app_config(app).get_models()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
