"""A whole residents'-committee election in Chromium, through the screens, from the new
election to the certificate PDF (issue 6).

Who does what (each in their own browser context, own log-in):
- the committee member (election committee): creates the election, generates and publishes
  the voter register, nominates, publishes the candidates, opens voting, issues paper
  ballots at the polling station, closes voting and counts;
- two station clerks: each enters the station's paper tally sheet (double entry);
- two voters with a resident log-in: link their log-in to their registry record after the
  register was made (one proves who they are at /registry/me/verify/, the other has the
  station staff link it at the window, ID card checked), vote online (secret ballot), one
  checks the receipt;
- the party secretary: announces the result (the committee member may not);
- anyone, without log-in: the masked public register and the receipt check.
The second test runs a paper-only election into its second round (另行选举), where two tally
entries that disagree are discarded by the election committee and entered again.

The calendar is real: the register must be published at least 20 days before election day,
so election day is 30 days from today; voting (online and paper) is open from an hour ago to
the evening of election day. No clock is moved.
"""

import datetime

import pytest
from django.utils import timezone

from gongzhi.org.roles import Role
from tests.browser.conftest import PHONE, log_in, path_of
from tests.conftest import PASSWORD, make_user
from tests.selfgov.helpers import ensure_committee
from tests.tools import pdftotext

pytestmark = pytest.mark.browser

TITLE = "幸福社区第一届居民委员会选举"
WANG, LI, ZHANG = "王建国", "李秀英", "张伟"  # the three candidates
LIU, CHEN = "刘洋", "陈静"  # vote online
PAPER_VOTERS = [WANG, LI, ZHANG, "杨帆"]  # take a paper ballot at the station
OTHERS = ["赵磊", "黄敏", "周杰"]  # registered, do not vote
TURNS_18_ON_THE_DAY = "吴晓"  # on the register: 18 on election day
TURNS_18_THE_DAY_AFTER = "孙小明"  # not on the register
DEPRIVED = "马强"  # deprived of political rights: not on the register
ELSEWHERE = "朱丽"  # lives in another community: not on the register


def id_number(birth: datetime.date, seq: int) -> str:
    """A well-formed GB 11643 number (Baotou division code, ISO 7064 MOD 11-2 check)."""
    body = f"150204{birth:%Y%m%d}{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def eighteenth_birthday_is(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year - 18)  # election days here are never 29 February


def build_registry(world, election_day):
    """The registry as the street office keeps it: residents of 幸福社区 (and one of 和谐社区).
    Returns {name: id number}."""
    from gongzhi.registry.derive import apply_to_resident
    from gongzhi.registry.models import Household, Resident

    people = [
        (n, datetime.date(1960 + i, 3, 1 + i), world["c1"], {})
        for i, n in enumerate([WANG, LI, ZHANG, LIU, CHEN, "杨帆", *OTHERS])
    ]
    people += [
        (TURNS_18_ON_THE_DAY, eighteenth_birthday_is(election_day), world["c1"], {}),
        (
            TURNS_18_THE_DAY_AFTER,
            eighteenth_birthday_is(election_day) + datetime.timedelta(days=1),
            world["c1"],
            {},
        ),
        (DEPRIVED, datetime.date(1975, 6, 1), world["c1"], {"deprived_of_political_rights": True}),
        (ELSEWHERE, datetime.date(1980, 7, 1), world["c2"], {}),
    ]
    ids = {}
    phones = {LIU: "13800001234", CHEN: "13900005678"}  # on record: LIU verifies with it
    for seq, (name, birth, community, extra) in enumerate(people, start=11):
        household = Household.objects.create(
            community=community, number=f"E{seq:04d}", address=f"幸福路{seq}号"
        )
        ids[name] = id_number(birth, seq)
        resident = Resident(
            community=community,
            household=household,
            name=name,
            birth_date=birth,
            id_number=ids[name],
            phone=phones.get(name, ""),
            **extra,
        )
        apply_to_resident(resident)  # the last digits the pickers search, as registry saves
        resident.save()
    return ids


# --- small page helpers ----------------------------------------------------------------------


def submit(page, locator):
    """Click a submit button and wait for the page the server answers with."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("domcontentloaded")


def step(page, action):
    """The election page's button for one step (a form posting action=<action>)."""
    return page.locator(f"button[name=action][value={action}]")


def step_form(page, action):
    return page.locator(f"form:has(input[name=action][value={action}])")


def flash(page) -> str:
    messages = page.locator(".messages")
    return messages.inner_text() if messages.count() else ""


def status(page) -> str:
    return page.locator("#election-status").inner_text().strip()


def candidate_row(page, name):
    return page.locator("table tbody tr", has_text=name)


def pdf_text(data: bytes) -> str:
    return pdftotext(data)


# --- steps shared by the tests ----------------------------------------------------------------


STATION = "第一投票站(社区活动中心)"


def election_day_30_days_ahead():
    day = timezone.localdate() + datetime.timedelta(days=30)
    return day + datetime.timedelta(days=1) if (day.month, day.day) == (2, 29) else day


def create_election(page, world, election_day, *, seats, online_window=None):
    """The committee member fills in the new-election form; returns the election's URL."""
    page.goto("/selfgov/")
    submit(page, page.get_by_role("link", name="新建选举"))
    page.select_option("#id_community", str(world["c1"].pk))
    page.fill("#id_title", TITLE)
    page.fill("#id_election_day", election_day.isoformat())
    page.fill("#id_seats", str(seats))
    page.fill("#id_election_committee", "选举委员会主任 钱学文\n委员 孔令仪")
    if online_window:
        page.check("#id_online_voting")
        page.fill("#id_voting_opens", online_window[0].strftime("%Y-%m-%dT%H:%M"))
        page.fill("#id_voting_closes", online_window[1].strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_nomination_supporters", "2")
    submit(page, page.locator("main form [type=submit]"))
    assert path_of(page).startswith("/selfgov/elections/"), flash(page)
    assert status(page) == "草稿"
    return path_of(page)


def pick(page, box, id_number_):
    """Type the last four digits of the ID number into a person picker and take the one
    suggestion (issue #18: nobody types the 18 digits)."""
    box.fill("")
    box.press_sequentially(id_number_[-4:])
    datalist = f"datalist#{box.get_attribute('id')}-options"
    option = page.locator(f"{datalist} option[value$='****{id_number_[-4:]}']")
    option.wait_for(state="attached")
    assert page.locator(f"{datalist} option").count() == 1
    box.fill(option.get_attribute("value"))
    box.dispatch_event("change")


def nominate(page, id_number_, supporters=()):
    """Self-nomination, or a joint nomination by the voters with these ID numbers."""
    form = step_form(page, "nominate")
    pick(page, form.locator("#nominee"), id_number_)
    if supporters:
        assert not form.locator("#self").is_checked()  # not ticked by default
        for supporter in supporters:
            pick(page, form.locator("#nominator"), supporter)
        lines = form.locator("#supporters").input_value().splitlines()
        assert len(lines) == len(supporters) and all(" · " in line for line in lines)
    else:
        form.locator("#self").check()
    submit(page, form.locator("#nominate"))


def add_station_and_open_voting(page):
    form = step_form(page, "station")
    form.locator("input[name=name]").fill(STATION)
    form.locator("select[name=kind]").select_option("station")
    submit(page, form.locator("button"))
    submit(page, step(page, "open_voting"))
    assert status(page) == "投票中", flash(page)


def issue_paper_ballots(page, id_numbers):
    """At the station the clerk checks each voter off the register and hands a ballot out."""
    for id_no in id_numbers:
        form = step_form(page, "issue")
        form.locator("input[name=id_number]").fill(id_no)
        submit(page, form.locator("button"))
        assert "已向" in flash(page), flash(page)


def enter_tally(page, election_url, sheet):
    """One clerk's entry of the station's paper tally sheet ({field label: number})."""
    page.goto(election_url)
    submit(page, page.get_by_role("link", name="录入计票单"))
    page.select_option("#station", label=STATION)
    for label, value in sheet.items():
        page.get_by_label(label, exact=True).fill(str(value))
    submit(page, page.locator("main form button"))


def votes_and_badge(page, name) -> tuple[str, bool]:
    cells = candidate_row(page, name).locator("td")
    return cells.nth(2).inner_text().strip(), "当选" in cells.nth(3).inner_text()


def download(page, link) -> bytes:
    """Fetch what a PDF link points to with the browser's own session (Chromium would show an
    inline PDF in its viewer, whose page is not the file)."""
    response = page.context.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return response.body()


def announce_and_get_certificate(secretary, election_url) -> str:
    """The party secretary announces the result; returns the certificate PDF's text."""
    secretary.goto(election_url)
    submit(secretary, secretary.locator("#announce"))
    assert status(secretary) == "结果已公布", flash(secretary)
    certificate = download(secretary, secretary.locator("#certificate"))
    assert certificate.startswith(b"%PDF")
    return pdf_text(certificate)


def verify_who_i_am(page, name, id_no, phone):
    """The resident links their own log-in to their registry record: name, ID number and the
    last four digits of the phone on record (registry: verify_own_identity)."""
    page.goto("/registry/me/verify/")
    page.get_by_label("您的姓名").fill(name)
    page.get_by_label("您的身份证号").fill(id_no)
    page.get_by_label("手机号后四位").fill(phone[-4:])
    submit(page, page.locator("main form [type=submit]"))
    assert "您的账号已与居民档案关联" in flash(page), page.locator("main").inner_text()


def link_at_the_window(staff, id_no, username):
    """Station staff, having checked the ID card, link the person's log-in on the resident's
    page (registry: link_account)."""
    from gongzhi.core.fields import index_lookup
    from gongzhi.registry.models import Resident

    resident = Resident.objects.get(**index_lookup(Resident, "id_number", id_no))
    staff.goto(f"/registry/residents/{resident.pk}/")
    submit(staff, staff.locator(f"main a[href='/registry/residents/{resident.pk}/account/']"))
    staff.get_by_label("居民账号的用户名").fill(username)
    submit(staff, staff.locator("main form [type=submit]"))
    assert "账号已关联" in flash(staff), staff.locator("main").inner_text()


# --- the elections -----------------------------------------------------------------------------


def test_a_whole_election_from_register_to_certificate(new_page, users, world):
    election_day = election_day_30_days_ahead()
    voting = (
        timezone.localtime() - datetime.timedelta(hours=1),
        datetime.datetime.combine(election_day, datetime.time(18, 0)),
    )
    ensure_committee(world["c1"])  # the residents' committee whose term is elected
    ids = build_registry(world, election_day)
    clerk_b = make_user("clerk_b", Role.STATION_STAFF, world["c1"])
    online = {
        name: make_user(f"voter_{i}", Role.RESIDENT, world["c1"])
        for i, name in enumerate([LIU, CHEN])
    }

    # 1. The election committee sets the election up: 2 seats, paper and online ballots.
    committee = new_page()
    log_in(committee, users["committee_member"].username, PASSWORD)
    election_url = create_election(committee, world, election_day, seats=2, online_window=voting)

    # 2. Voter register from the registry: adults of the community on election day, not
    #    deprived of political rights; printed; published 30 days ahead (≥ 20 required).
    submit(committee, step(committee, "generate"))
    assert "选民名单上有10人" in flash(committee)
    printed = pdf_text(download(committee, committee.get_by_role("link", name="打印选民名单(PDF)")))
    assert TURNS_18_ON_THE_DAY in printed and WANG in printed
    for excluded in (TURNS_18_THE_DAY_AFTER, DEPRIVED, ELSEWHERE):
        assert excluded not in printed
    submit(committee, step(committee, "publish_register"))
    assert status(committee) == "选民名单已公布", flash(committee)

    public = new_page()  # anyone, without log-in: the register with masked names
    public.goto(f"/public{election_url}register/")
    shown = public.locator("main").inner_text()
    assert "选民10人" in shown and "王*国" in shown and "张*" in shown
    assert WANG not in shown and "孙*明" not in shown and "马*" not in shown

    # 3. Nomination: two self-nominations and one joint nomination by two voters; then the
    #    candidate list is published (3 candidates for 2 seats: 差额).
    nominate(committee, ids[WANG])
    nominate(committee, ids[LI], supporters=[ids[LIU], ids[CHEN]])
    nominate(committee, ids[ZHANG])
    assert "自荐" in candidate_row(committee, WANG).inner_text()
    assert "选民联名提名" in candidate_row(committee, LI).inner_text()
    assert candidate_row(committee, ZHANG).count() == 1, flash(committee)
    submit(committee, step(committee, "publish_candidates"))
    assert status(committee) == "候选人已公布", flash(committee)

    # 4. A polling station; voting opens; four voters take a paper ballot there.
    add_station_and_open_voting(committee)
    issue_paper_ballots(committee, [ids[n] for n in PAPER_VOTERS])
    assert "已发选票4张" in committee.locator("main li", has_text=STATION).inner_text()

    # 5. Two voters cast a secret ballot online, each on their own phone and log-in. The
    #    register was made before their log-ins were linked to their registry records: 刘洋
    #    proves who he is online, the station staff link 陈静's log-in at the window. Until
    #    then the election page offers no online vote.
    first = new_page()  # the station staff (also the first tally clerk below)
    log_in(first, users["station_staff"].username, PASSWORD)
    receipts = {}
    for name, choices in ((LIU, [WANG, LI]), (CHEN, [WANG, ZHANG])):
        voter = new_page(viewport=PHONE)
        log_in(voter, online[name].username, PASSWORD)
        voter.goto(election_url)
        assert voter.get_by_role("link", name="网上投票").count() == 0
        if name == LIU:
            verify_who_i_am(voter, name, ids[name], "13800001234")
        else:
            link_at_the_window(first, ids[name], online[name].username)
        voter.goto(election_url)
        submit(voter, voter.get_by_role("link", name="网上投票"))
        for choice in choices:
            voter.get_by_label(choice).check()
        submit(voter, voter.locator("#cast"))
        # the ballot's choices shown back, with the word that a cast ballot is final
        assert sorted(voter.locator("#chosen").inner_text().split()) == sorted(choices)
        assert "不能更改" in voter.locator("#final").inner_text()
        submit(voter, voter.locator("#cast"))
        receipts[name] = voter.locator("#receipt").inner_text().strip()
        assert len(receipts[name]) == 14, voter.locator("main").inner_text()  # XXXX-XXXX-XXXX
        voter.goto(f"{election_url}vote/")  # a second ballot is refused
        assert "您本轮已投票" in voter.locator("main").inner_text()
        assert voter.locator("#cast").count() == 0

    # 6. The station's paper tally sheet, entered twice by two different clerks; the count
    #    waits for the second entry, and the first clerk cannot make it.
    sheet = {"收回选票数": 4, "无效票数": 0, WANG: 4, LI: 3, ZHANG: 1}
    enter_tally(first, election_url, sheet)
    assert "计票单已录入" in flash(first)
    submit(committee, step(committee, "count"))
    assert "须先由两名计票员录入" in flash(committee) and status(committee) == "投票中"
    enter_tally(first, election_url, sheet)
    assert "第二次须由另一名计票员录入" in first.locator("main").inner_text()
    second = new_page()
    log_in(second, clerk_b.username, PASSWORD)
    enter_tally(second, election_url, sheet)
    assert "计票单已录入" in flash(second)

    # 7. Count: 6 of 10 registered voters voted — more than half, valid. 6 ballots cast, so
    #    a candidate needs more than 3 votes: 王建国 6 and 李秀英 4 are elected, 张伟 2 not.
    submit(committee, step(committee, "count"))
    assert "第1轮已计票" in flash(committee) and status(committee) == "已计票"
    main = committee.locator("main").inner_text()
    assert "第1轮：登记选民10人，参加投票6人" in main and "有效" in main
    assert "名额空缺" not in main
    assert votes_and_badge(committee, WANG) == ("6", True)
    assert votes_and_badge(committee, LI) == ("4", True)
    assert votes_and_badge(committee, ZHANG) == ("2", False)
    assert committee.locator("#announce").count() == 0  # the committee may not announce

    # 8. The party secretary announces the result and downloads the certificate.
    secretary = new_page()
    log_in(secretary, users["party_secretary"].username, PASSWORD)
    text = announce_and_get_certificate(secretary, election_url)
    assert "当选证书" in text and TITLE in text
    assert WANG in text and LI in text and ZHANG not in text
    assert "钱学文" in text  # the election committee

    # 9. A voter checks, without log-in, that their online ballot was counted.
    public.goto(f"/public{election_url}receipt/")
    public.fill("input[name=code]", receipts[LIU])
    submit(public, public.get_by_role("button", name="查验"))
    assert "已计票" in public.locator("#receipt-result").inner_text()


def test_exactly_half_is_not_elected_and_the_second_round_fills_the_seat(new_page, users, world):
    """A paper-only election for one seat. Round 1: 王建国 has exactly half of the ballots —
    not more than half, so the seat stays unfilled. Round 2 (另行选举): the most votes win if
    they reach one third of the ballots — exactly one third is enough."""
    election_day = election_day_30_days_ahead()
    ensure_committee(world["c1"])
    ids = build_registry(world, election_day)
    clerk_b = make_user("clerk_b", Role.STATION_STAFF, world["c1"])
    six = [WANG, LI, ZHANG, LIU, CHEN, "杨帆"]  # 6 of 10 vote in each round: valid

    committee = new_page()
    log_in(committee, users["committee_member"].username, PASSWORD)
    election_url = create_election(committee, world, election_day, seats=1)
    submit(committee, step(committee, "generate"))
    submit(committee, step(committee, "publish_register"))
    for name in (WANG, LI, ZHANG):
        nominate(committee, ids[name])
    submit(committee, step(committee, "publish_candidates"))
    add_station_and_open_voting(committee)
    clerks = [new_page(), new_page()]
    log_in(clerks[0], users["station_staff"].username, PASSWORD)
    log_in(clerks[1], clerk_b.username, PASSWORD)

    def paper_round(sheet):
        issue_paper_ballots(committee, [ids[n] for n in six])
        for clerk in clerks:
            enter_tally(clerk, election_url, sheet)
            assert "计票单已录入" in flash(clerk), clerk.locator("main").inner_text()
        submit(committee, step(committee, "count"))
        assert status(committee) == "已计票", flash(committee)

    # Round 1: 6 ballots, 王建国 3 — exactly half is not a majority.
    paper_round({"收回选票数": 6, "无效票数": 0, WANG: 3, LI: 2, ZHANG: 1})
    assert "第1轮：登记选民10人，参加投票6人" in committee.locator("main").inner_text()
    assert "1个名额空缺" in committee.locator("main").inner_text()
    assert votes_and_badge(committee, WANG) == ("3", False)

    # Round 2 for the unfilled seat, between the two best placed (差额: 2 for 1 seat): 6
    # ballots, 2 of them invalid and 1 blank; 王建国 2 — one third of 6 — wins.
    submit(committee, step(committee, "second_round"))
    assert status(committee) == "另行选举", flash(committee)
    for name, in_round_2 in ((WANG, True), (LI, True), (ZHANG, False)):
        assert ("另行选举" in candidate_row(committee, name).inner_text()) is in_round_2
    # The second clerk mistypes a figure: the two entries disagree and block the count. The
    # election committee checks the paper sheet, discards both entries with the reason, and
    # the clerks enter it again.
    sheet = {"收回选票数": 6, "无效票数": 2, WANG: 2, LI: 1}
    issue_paper_ballots(committee, [ids[n] for n in six])
    enter_tally(clerks[0], election_url, sheet)
    enter_tally(clerks[1], election_url, dict(sheet, **{LI: 2}))
    submit(committee, step(committee, "count"))
    assert "不一致" in flash(committee) and status(committee) == "另行选举"
    mismatch = committee.locator("#tally-mismatch")
    assert STATION in mismatch.inner_text()
    mismatch.locator("input[name=reason]").fill("第二次录入李秀英票数有误，已核对原始计票单")
    submit(committee, mismatch.locator("button"))
    assert "已作废" in flash(committee), flash(committee)
    assert committee.locator("#tally-mismatch").count() == 0
    for clerk in clerks:
        enter_tally(clerk, election_url, sheet)
        assert "计票单已录入" in flash(clerk), clerk.locator("main").inner_text()
    submit(committee, step(committee, "count"))
    assert status(committee) == "已计票", flash(committee)
    assert "第2轮：登记选民10人，参加投票6人" in committee.locator("main").inner_text()
    assert votes_and_badge(committee, WANG) == ("2", True)
    assert votes_and_badge(committee, LI) == ("1", False)
    assert committee.locator("main").inner_text().count("名额空缺") == 1  # round 1's only
