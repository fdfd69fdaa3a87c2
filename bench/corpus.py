"""A seeded corpus of wire-news-like articles for the throughput benchmark.

Each article is built from a bank of sentence templates in the style of
international wire copy (diplomacy, conflict, protest, sanctions, aid),
filled with countries, their leaders, ministers and cities, organisations,
numbers and date expressions. The same seed always gives the same corpus;
every article differs in topic, actors, length and sentence order.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# name as written in running text, demonym, capital, another city,
# leader's title, leader, short name used after first mention, foreign minister
_COUNTRIES = [
    ("Russia", "Russian", "Moscow", "St. Petersburg", "President", "Vladimir Putin", "Putin", "Sergei Lavrov"),
    ("Ukraine", "Ukrainian", "Kyiv", "Kharkiv", "President", "Volodymyr Zelenskiy", "Zelenskiy", "Dmytro Kuleba"),
    ("the United States", "U.S.", "Washington", "New York", "President", "Joe Biden", "Biden", "Antony Blinken"),
    ("China", "Chinese", "Beijing", "Shanghai", "President", "Xi Jinping", "Xi", "Wang Yi"),
    ("Iran", "Iranian", "Tehran", "Isfahan", "President", "Ebrahim Raisi", "Raisi", "Hossein Amir-Abdollahian"),
    ("Israel", "Israeli", "Jerusalem", "Tel Aviv", "Prime Minister", "Benjamin Netanyahu", "Netanyahu", "Eli Cohen"),
    ("Turkey", "Turkish", "Ankara", "Istanbul", "President", "Tayyip Erdogan", "Erdogan", "Mevlut Cavusoglu"),
    ("France", "French", "Paris", "Marseille", "President", "Emmanuel Macron", "Macron", "Catherine Colonna"),
    ("Germany", "German", "Berlin", "Munich", "Chancellor", "Olaf Scholz", "Scholz", "Annalena Baerbock"),
    ("Britain", "British", "London", "Manchester", "Prime Minister", "Rishi Sunak", "Sunak", "James Cleverly"),
    ("India", "Indian", "New Delhi", "Mumbai", "Prime Minister", "Narendra Modi", "Modi", "Subrahmanyam Jaishankar"),
    ("Pakistan", "Pakistani", "Islamabad", "Karachi", "Prime Minister", "Shehbaz Sharif", "Sharif", "Bilawal Bhutto Zardari"),
    ("Japan", "Japanese", "Tokyo", "Osaka", "Prime Minister", "Fumio Kishida", "Kishida", "Yoshimasa Hayashi"),
    ("South Korea", "South Korean", "Seoul", "Busan", "President", "Yoon Suk-yeol", "Yoon", "Park Jin"),
    ("North Korea", "North Korean", "Pyongyang", "Wonsan", "leader", "Kim Jong Un", "Kim", "Choe Son Hui"),
    ("Saudi Arabia", "Saudi", "Riyadh", "Jeddah", "Crown Prince", "Mohammed bin Salman", "Prince Mohammed", "Faisal bin Farhan"),
    ("Egypt", "Egyptian", "Cairo", "Alexandria", "President", "Abdel Fattah al-Sisi", "Sisi", "Sameh Shoukry"),
    ("Syria", "Syrian", "Damascus", "Aleppo", "President", "Bashar al-Assad", "Assad", "Faisal Mekdad"),
    ("Iraq", "Iraqi", "Baghdad", "Basra", "Prime Minister", "Mohammed Shia al-Sudani", "Sudani", "Fuad Hussein"),
    ("Afghanistan", "Afghan", "Kabul", "Kandahar", "acting Prime Minister", "Mohammad Hassan Akhund", "Akhund", "Amir Khan Muttaqi"),
    ("Nigeria", "Nigerian", "Abuja", "Lagos", "President", "Muhammadu Buhari", "Buhari", "Geoffrey Onyeama"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "Mekelle", "Prime Minister", "Abiy Ahmed", "Abiy", "Demeke Mekonnen"),
    ("Kenya", "Kenyan", "Nairobi", "Mombasa", "President", "William Ruto", "Ruto", "Alfred Mutua"),
    ("South Africa", "South African", "Pretoria", "Johannesburg", "President", "Cyril Ramaphosa", "Ramaphosa", "Naledi Pandor"),
    ("Sudan", "Sudanese", "Khartoum", "Port Sudan", "army chief", "Abdel Fattah al-Burhan", "Burhan", "Ali al-Sadiq"),
    ("Mali", "Malian", "Bamako", "Timbuktu", "interim President", "Assimi Goita", "Goita", "Abdoulaye Diop"),
    ("Brazil", "Brazilian", "Brasilia", "Sao Paulo", "President", "Luiz Inacio Lula da Silva", "Lula", "Mauro Vieira"),
    ("Mexico", "Mexican", "Mexico City", "Monterrey", "President", "Andres Manuel Lopez Obrador", "Lopez Obrador", "Marcelo Ebrard"),
    ("Venezuela", "Venezuelan", "Caracas", "Maracaibo", "President", "Nicolas Maduro", "Maduro", "Yvan Gil"),
    ("Colombia", "Colombian", "Bogota", "Medellin", "President", "Gustavo Petro", "Petro", "Alvaro Leyva"),
    ("Argentina", "Argentine", "Buenos Aires", "Cordoba", "President", "Alberto Fernandez", "Fernandez", "Santiago Cafiero"),
    ("Poland", "Polish", "Warsaw", "Krakow", "President", "Andrzej Duda", "Duda", "Zbigniew Rau"),
    ("Hungary", "Hungarian", "Budapest", "Debrecen", "Prime Minister", "Viktor Orban", "Orban", "Peter Szijjarto"),
    ("Serbia", "Serbian", "Belgrade", "Novi Sad", "President", "Aleksandar Vucic", "Vucic", "Ivica Dacic"),
    ("Armenia", "Armenian", "Yerevan", "Gyumri", "Prime Minister", "Nikol Pashinyan", "Pashinyan", "Ararat Mirzoyan"),
    ("Azerbaijan", "Azerbaijani", "Baku", "Ganja", "President", "Ilham Aliyev", "Aliyev", "Jeyhun Bayramov"),
    ("Myanmar", "Myanmar", "Naypyitaw", "Yangon", "junta chief", "Min Aung Hlaing", "Min Aung Hlaing", "Than Swe"),
    ("the Philippines", "Philippine", "Manila", "Davao", "President", "Ferdinand Marcos Jr.", "Marcos", "Enrique Manalo"),
    ("Indonesia", "Indonesian", "Jakarta", "Surabaya", "President", "Joko Widodo", "Widodo", "Retno Marsudi"),
    ("Australia", "Australian", "Canberra", "Sydney", "Prime Minister", "Anthony Albanese", "Albanese", "Penny Wong"),
    ("Canada", "Canadian", "Ottawa", "Toronto", "Prime Minister", "Justin Trudeau", "Trudeau", "Melanie Joly"),
    ("Qatar", "Qatari", "Doha", "Al Rayyan", "Emir", "Sheikh Tamim bin Hamad al-Thani", "Sheikh Tamim", "Mohammed bin Abdulrahman al-Thani"),
    ("Lebanon", "Lebanese", "Beirut", "Sidon", "Prime Minister", "Najib Mikati", "Mikati", "Abdallah Bou Habib"),
    ("Libya", "Libyan", "Tripoli", "Benghazi", "Prime Minister", "Abdulhamid al-Dbeibah", "Dbeibah", "Najla Mangoush"),
    ("Yemen", "Yemeni", "Aden", "Marib", "President", "Rashad al-Alimi", "Alimi", "Ahmed Awad bin Mubarak"),
    ("Georgia", "Georgian", "Tbilisi", "Batumi", "Prime Minister", "Irakli Garibashvili", "Garibashvili", "Ilia Darchiashvili"),
    ("Kazakhstan", "Kazakh", "Astana", "Almaty", "President", "Kassym-Jomart Tokayev", "Tokayev", "Mukhtar Tileuberdi"),
    ("Vietnam", "Vietnamese", "Hanoi", "Ho Chi Minh City", "Prime Minister", "Pham Minh Chinh", "Chinh", "Bui Thanh Son"),
]

_ORGS = [
    "the United Nations", "NATO", "the European Union", "the African Union", "the International Monetary Fund",
    "the World Bank", "the International Committee of the Red Cross", "Amnesty International", "Human Rights Watch",
    "the International Atomic Energy Agency", "the World Health Organization", "UNICEF", "the Arab League",
    "ASEAN", "the Organization of American States", "the World Food Programme",
]
_GROUPS = [
    "opposition supporters", "students", "trade unionists", "farmers", "women's rights activists", "teachers",
    "truck drivers", "pensioners", "environmental campaigners", "supporters of the former prime minister",
]
_ARMED = ["rebels", "militants", "separatist fighters", "insurgents", "gunmen", "armed groups"]
_ISSUES = [
    "the war in Ukraine", "energy supplies", "grain exports through the Black Sea", "border security",
    "the nuclear programme", "trade and investment", "the humanitarian situation", "migration",
    "climate finance", "the reconstruction of the region", "arms control", "maritime disputes",
    "the release of detained nationals", "food security", "counter-terrorism cooperation", "debt relief",
]
_AGREE_ON = [
    "restore full diplomatic relations", "extend a ceasefire by another two months", "resume direct flights",
    "reopen their embassies", "set up a joint commission on border demarcation", "exchange prisoners of war",
    "cut tariffs on agricultural goods", "cooperate on renewable energy projects", "hold regular security talks",
    "expand a currency swap line", "open a new humanitarian corridor", "jointly investigate the attack",
]
_DEMANDS = [
    "release political prisoners", "withdraw its troops", "stop the attacks on civilians", "allow aid convoys in",
    "return to the negotiating table", "hold free and fair elections", "respect the ceasefire",
    "lift the blockade", "investigate the killings", "stop supplying weapons", "free the detained journalists",
    "open the border crossings",
]
_ACCUSATIONS = [
    "interfering in its internal affairs", "violating the ceasefire", "supplying drones to armed groups",
    "spying on its officials", "shelling residential areas", "harbouring terrorists", "breaching the arms embargo",
    "stealing grain from occupied territories", "orchestrating cyber attacks on its banks",
    "inciting the unrest", "torturing detainees", "blocking humanitarian aid",
]
_PROTEST_CAUSES = [
    "rising fuel prices", "the government's handling of the economy", "a proposed pension reform",
    "the disputed election result", "police violence", "corruption", "power cuts", "the arrest of an opposition leader",
    "a new media law", "the death of a young woman in police custody", "food shortages", "the planned dam",
]
_SANCTION_REASONS = [
    "human rights abuses", "the crackdown on protesters", "its missile programme", "election fraud",
    "support for the invasion", "money laundering", "the annexation of the territory", "cyber attacks",
]
_DISASTERS = [
    "the earthquake", "severe flooding", "a cyclone", "the drought", "a cholera outbreak", "the landslides",
]
_WEAPONS = ["missiles", "drones", "artillery shells", "rockets", "air strikes", "mortar rounds"]
_COMMODITIES = ["wheat", "natural gas", "crude oil", "fertiliser", "copper", "rice", "coal", "cobalt"]
_QUOTES = [
    "We will not accept any attempt to change borders by force",
    "The door to dialogue remains open",
    "This is a clear violation of international law",
    "Our patience has limits",
    "We are ready to work with all our partners to end this crisis",
    "Civilians must never be a target",
    "These sanctions will only hurt ordinary people",
    "There can be no military solution to this conflict",
    "We expect concrete steps, not words",
    "The talks were frank and constructive",
    "Nobody wants an escalation, but we will defend ourselves",
    "The humanitarian situation is getting worse by the day",
    "We have agreed on a road map and we will stick to it",
    "Those responsible will be held accountable",
]
_REPORTERS = [
    "Tom Balmforth", "Parisa Hafezi", "Humeyra Pamuk", "Andrew Osborn", "Sarah Marsh", "Laila Bassam",
    "Aidan Lewis", "Ju-min Park", "David Brunnstrom", "Maria Tsvetkova", "Ayenat Mersie", "Francesco Guarascio",
    "Simon Lewis", "Nidal al-Mughrabi", "Ece Toksabay", "Krishn Kaushik", "Anthony Boadle", "Dave Graham",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]

# Sentence bank. Fields: A, B, C are countries (A and B the article's main
# pair); ORG an organisation; DATE a relative or absolute date expression.
_LEADS = {
    "diplomacy": [
        "{Alead} and {Blead} agreed {DATE} to {agree}, according to a joint statement released in {Acap}.",
        "{Afm_full} met {Bdem} counterpart {Bfm} in {Ccap} {DATE} for talks on {issue}, both ministries said.",
        "{Alead} spoke by telephone with {Blead} {DATE} about {issue}, the {Adem} government said in a statement.",
        "{A} and {B} signed an agreement in {Acap} {DATE} to {agree}, ending months of negotiations.",
    ],
    "conflict": [
        "{Adem} forces fired {weapon} at {Bcity} {DATE}, killing at least {n_small} people and wounding {n_mid}, local officials said.",
        "{Adem} warplanes struck positions held by {armed} near {Bcity} {DATE}, the military said.",
        "Fighting between {Adem} troops and {armed} near {Acity} {DATE} killed {n_small} soldiers, the army said.",
        "A car bomb exploded near a market in {Acity} {DATE}, killing {n_small} people, police said.",
    ],
    "protest": [
        "Thousands of people protested in {Acap} {DATE} against {cause}, defying a ban on public gatherings.",
        "{Adem} police fired tear gas and arrested dozens of {group} who marched through {Acity} {DATE} to protest against {cause}.",
        "Hundreds of {group} rallied outside the {Bdem} embassy in {Acap} {DATE}, accusing {B} of {accusation}.",
        "Protesters blocked roads in {Acity} {DATE} for a third day, demanding an end to {cause}.",
    ],
    "sanctions": [
        "{A} imposed sanctions {DATE} on {n_small} {Bdem} officials and {n_small2} companies over {reason}.",
        "{A} expelled {n_small} {Bdem} diplomats {DATE}, accusing them of activities incompatible with their status.",
        "{ORG} froze the assets of {n_small} {Bdem} businessmen {DATE} over {reason}.",
        "{A} banned imports of {Bdem} {commodity} {DATE}, escalating a dispute over {issue}.",
    ],
    "aid": [
        "{A} pledged ${n_money} million in humanitarian aid to {B} {DATE}, the foreign ministry in {Acap} said.",
        "{ORG} sent food, tents and medical supplies to {Bcity} {DATE} after {disaster} left thousands homeless.",
        "{Alead} announced {DATE} a ${n_money} million loan to help {B} cope with {disaster}.",
        "The first {Adem} aid convoy reached {Bcity} {DATE}, carrying water, medicine and fuel.",
    ],
}
_BODY = [
    # consult / cooperate / agree
    "{Alead} is due to travel to {Bcap} next week for talks with {Blead_short}, officials in {Acap} said.",
    "{Blead_short} told reporters after the meeting that the two sides had made progress on {issue}.",
    "Officials from {A} and {B} will meet again in {Ccap} later this month, a diplomat familiar with the talks said.",
    "The two leaders also discussed {issue2}, according to a readout of the call.",
    "{Adem} and {Bdem} negotiators held a second round of talks in {Ccity} {DATE}, mediated by {C}.",
    "{C} offered to host a summit between {Alead_short} and {Blead_short}.",
    "{A} and {B} agreed to set up a working group on {issue}.",
    "{Afm_full} said {A} was ready to cooperate with {B} on {issue2}.",
    "Under the deal, {A} will supply {B} with {commodity} for the next five years.",
    # support / praise
    "{C} welcomed the agreement and said it would support its implementation.",
    "{Cdem} officials praised the {Bdem} government for its restraint.",
    "{ORG} said it supported efforts by {C} to mediate between the two sides.",
    # request / demand
    "{Alead_short} urged {B} to {demand}.",
    "{ORG} called on both sides to {demand} and to protect civilians.",
    "{Cdem} Foreign Minister {Cfm} asked {A} to {demand}, saying the situation was becoming untenable.",
    "{Bdem} officials demanded that {A} {demand} before any further talks.",
    # accuse / reject
    "{Afm_full} accused {B} of {accusation}.",
    "{Bdem} state media blamed {Adem} forces for the attack.",
    "{B} rejected the accusations as baseless and politically motivated.",
    "{Blead_short} dismissed calls for new elections, saying the government had a clear mandate.",
    "{Bdem} officials denied that their forces had targeted civilians.",
    "{ORG} criticised {A} for {accusation}, citing witness accounts.",
    # threaten
    "{Alead_short} warned that {A} would respond if {B} continued {accusation}.",
    "{B} threatened to cut off {commodity} exports to {A} if the measures were not lifted.",
    "{Adem} military commanders warned {armed} to lay down their arms or face a full offensive.",
    # protest
    "Demonstrators in {Bcity} burned tyres and chanted slogans against the government.",
    "{group_cap} staged a sit-in outside parliament in {Bcap} {DATE}.",
    "The protests, the largest in {B} since {year}, began after {cause_short}.",
    # sanction / coerce
    "{A} suspended flights to {B} and closed its airspace to {Bdem} aircraft.",
    "{Bdem} authorities arrested {n_small} opposition activists in {Bcity} {DATE}, their lawyers said.",
    "Police detained {Cdem_a} journalist in {Acap} and confiscated his equipment, his employer said.",
    "{A} recalled its ambassador from {Bcap} for consultations.",
    "{ORG} extended its arms embargo on {B} for another year.",
    # mobilize / assault / retreat / concede
    "{A} deployed additional troops and armoured vehicles to its border with {B}.",
    "{Adem} forces began large-scale military exercises near {Bcity} {DATE}.",
    "{Adem} {weapon} hit a power station in {Bcity} overnight, cutting electricity to thousands of homes.",
    "{armed_cap} attacked a police checkpoint outside {Acity}, killing {n_small} officers.",
    "{Adem} troops withdrew from {Bcity} after weeks of heavy fighting.",
    "{A} freed {n_mid} {Bdem} prisoners as part of an exchange brokered by {C}.",
    "{Blead_short} agreed to lift a curfew in {Bcity} after a week of protests.",
    "{A} eased restrictions on {Bdem} imports of {commodity}.",
    # aid
    "{C} said it would send ${n_money} million in emergency aid to {B}.",
    "{ORG} said it had delivered food to more than {n_big} people in {Bcity} {DATE}.",
    "{ORG} appealed for ${n_money} million to help those displaced by the fighting.",
]
_QUOTE_LINES = [
    "\"{quote},\" {Afm_full} told reporters in {Acap}.",
    "\"{quote},\" {Blead_short} said in a televised address {DATE}.",
    "\"{quote},\" a spokesperson for {ORG} said.",
    "{Alead_short} said in a statement: \"{quote}.\"",
    "\"{quote},\" said a senior {Cdem} official who spoke on condition of anonymity.",
    "{Bdem_a} Foreign Ministry spokesperson said on social media: \"{quote}.\"",
]
_BACKGROUND = [
    "The conflict has killed thousands of people and displaced more than {n_big} since {year}.",
    "{A} is one of the world's largest exporters of {commodity}.",
    "Relations between {A} and {B} have been strained since {year}, when {Bdem} troops crossed the border.",
    "Analysts said the move could push up global {commodity} prices.",
    "{B}'s economy shrank by {pct} percent last year, according to the {ORG_econ}.",
    "The {Bdem} currency fell {pct} percent against the dollar after the announcement.",
    "The {Adem} Foreign Ministry did not immediately respond to a request for comment.",
    "It was not possible to independently verify the reports.",
    "{A} and {B} fought a brief war in {year} over the disputed region.",
    "Elections are due in {B} in {month_future}.",
    "{ORG} estimates that {n_big} people in {B} need humanitarian assistance.",
    "The talks come ahead of a summit of regional leaders in {Ccap} in {month_future}.",
    "{Cdem} officials have repeatedly offered to mediate.",
    "Markets in {Acity} were little changed on the news.",
    "Previous rounds of talks in {Ccity} ended without agreement.",
    "The embassy in {Bcap} had already reduced its staff last year.",
]
_TITLES = {
    "diplomacy": ["{A} and {B} agree to {agree}", "{Adem}, {Bdem} ministers meet in {Ccap} for talks on {issue}"],
    "conflict": ["{Adem} strikes kill {n_small} in {Bcity}", "Fighting flares near {Acity} as {armed} advance"],
    "protest": ["Thousands protest in {Acap} over {cause}", "Police break up protest in {Acity}"],
    "sanctions": ["{A} sanctions {Bdem} officials over {reason}", "{A} expels {Bdem} diplomats"],
    "aid": ["{A} pledges ${n_money} million aid to {B}", "Aid reaches {Bcity} after {disaster}"],
}
_ECON_ORGS = ["International Monetary Fund", "World Bank", "central bank", "national statistics office"]


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    dem: str
    cap: str
    city: str
    title: str
    leader: str
    short: str
    fm: str


_C = [_Country(*row) for row in _COUNTRIES]


class _Fill(string.Formatter):
    """Fills a template's fields from a lazily sampled, per-article vocabulary."""

    def __init__(self, rng: random.Random, countries: tuple[_Country, _Country, _Country], published: dt.date) -> None:
        self.rng = rng
        self.countries = dict(zip("ABC", countries))
        self.published = published

    def get_value(self, key, args, kwargs):  # noqa: ANN001 - string.Formatter's signature
        rng = self.rng
        if key[0] in "ABC" and key[1:] in _COUNTRY_FIELDS:
            c = self.countries[key[0]]
            field = key[1:]
            if field in ("", "name"):
                return c.name
            if field == "dem_a":
                return f"{'an' if c.dem[0] in 'AEIOU' else 'a'} {c.dem}"
            if field == "lead":
                return f"{c.title} {c.leader}" if c.title[0].isupper() else f"{c.dem} {c.title} {c.leader}"
            if field == "lead_short":
                return c.short
            if field == "fm_full":
                return f"{c.dem} Foreign Minister {c.fm}"
            return getattr(c, field)
        if key == "DATE":
            return self.date_phrase()
        picks = {
            "ORG": _ORGS, "ORG_econ": _ECON_ORGS, "issue": _ISSUES, "issue2": _ISSUES, "agree": _AGREE_ON,
            "demand": _DEMANDS, "accusation": _ACCUSATIONS, "cause": _PROTEST_CAUSES, "reason": _SANCTION_REASONS,
            "disaster": _DISASTERS, "weapon": _WEAPONS, "commodity": _COMMODITIES, "quote": _QUOTES,
            "group": _GROUPS, "armed": _ARMED,
        }
        if key in picks:
            return rng.choice(picks[key])
        if key == "group_cap":
            return rng.choice(_GROUPS).capitalize()
        if key == "armed_cap":
            return rng.choice(_ARMED).capitalize()
        if key == "cause_short":
            return rng.choice(["police shot dead a teenager", "the government raised fuel prices",
                               "the opposition leader was jailed", "the election result was announced"])
        if key == "n_small":
            return str(rng.randint(2, 19))
        if key == "n_small2":
            return str(rng.randint(2, 12))
        if key == "n_mid":
            return str(rng.randint(20, 250))
        if key == "n_big":
            return f"{rng.randint(2, 900) * 1000:,}"
        if key == "n_money":
            return str(rng.choice([5, 10, 25, 40, 50, 100, 150, 250, 500]))
        if key == "pct":
            return f"{rng.randint(1, 12)}.{rng.randint(0, 9)}"
        if key == "year":
            return str(rng.randint(1991, self.published.year - 1))
        if key == "month_future":
            return _MONTHS[(self.published.month + rng.randint(0, 5)) % 12]
        raise KeyError(key)

    def date_phrase(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.55:
            day = self.published - dt.timedelta(days=rng.randint(0, 3))
            return f"on {_WEEKDAYS[day.weekday()]}"
        if r < 0.75:
            day = self.published - dt.timedelta(days=rng.randint(4, 40))
            return f"on {_MONTHS[day.month - 1]} {day.day}"
        return rng.choice(["last week", "earlier this month", "late on Tuesday", "this week", "last month",
                           "over the weekend", "earlier this year"])


_COUNTRY_FIELDS = {"", "dem_a", "name", "dem", "cap", "city", "title", "leader", "lead", "lead_short", "fm", "fm_full"}


def _sentence(fill: _Fill, template: str) -> str:
    text = fill.format(template)
    return text[0].upper() + text[1:]


def article(rng: random.Random, index: int) -> dict[str, object]:
    """One article as a JSONL record (id, date, title, text)."""
    published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
    a, b, c = rng.sample(_C, 3)
    fill = _Fill(rng, (a, b, c), published)
    topic = rng.choice(sorted(_LEADS))
    target_words = rng.randint(300, 600)

    lead = _sentence(fill, rng.choice(_LEADS[topic]))
    dateline = f"{a.cap.upper()}, {_MONTHS[published.month - 1]} {published.day} (Wire) - "
    paragraphs = [dateline + lead]
    words = len(lead.split())
    body = rng.sample(_BODY, len(_BODY))
    quotes = rng.sample(_QUOTE_LINES, len(_QUOTE_LINES))
    background = rng.sample(_BACKGROUND, len(_BACKGROUND))
    other_leads = [t for k, ts in _LEADS.items() if k != topic for t in ts]
    rng.shuffle(other_leads)
    pools = [body, body, body, quotes, background, background, other_leads]
    while words < target_words:
        paragraph: list[str] = []
        for _ in range(rng.randint(1, 3)):
            pool = rng.choice([p for p in pools if p] or [body])
            if not pool:
                break
            sentence = _sentence(fill, pool.pop())
            paragraph.append(sentence)
            words += len(sentence.split())
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        if not any(pools):
            break
    reporters = rng.sample(_REPORTERS, 2)
    paragraphs.append(f"(Reporting by {reporters[0]}; Editing by {reporters[1]})")
    return {
        "id": f"bench-{index:05d}",
        "date": published.isoformat(),
        "title": _sentence(fill, rng.choice(_TITLES[topic])),
        "text": "\n\n".join(paragraphs),
    }


def generate(n: int, seed: int = 1) -> Iterator[dict[str, object]]:
    """``n`` articles; the same ``n`` and ``seed`` always give the same ones."""
    rng = random.Random(seed)
    for i in range(n):
        yield article(rng, i)


def write_jsonl(records: Iterator[dict[str, object]], path: Path) -> int:
    """Write records as JSON Lines; returns how many."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write the benchmark corpus as JSON Lines.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    count = write_jsonl(generate(args.articles, args.seed), args.out)
    print(f"{count} articles -> {args.out}")
