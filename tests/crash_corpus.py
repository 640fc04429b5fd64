"""A small realistic corpus for the crash-safety test (tests/test_crash_safety.py): 60 short articles as
JSON Lines plus two text pages, written by the team. It holds what makes a store's bookkeeping hard: the same
wire story re-run by other outlets (near-duplicates), the same event reported by several articles (event
groups), quotes, places and dated events on many days (daily aggregates), and two broken lines (quarantine).
"""

from __future__ import annotations

import json
from pathlib import Path

# 30 short reports, each written for this corpus: (dateline day, source, text).
STORIES: list[tuple[str, str, str]] = [
    ("2023-03-06", "Sahel Dispatch", "BAMAKO (Reuters) - Gunmen attacked an army post near Boni in central Mali on Sunday, "
     "killing four soldiers, the army said. \"The attackers fled towards the Burkina Faso border,\" an officer told "
     "Reuters."),
    ("2023-03-06", "Gulf Ledger", "SANAA - Houthi forces fired two drones at an oil terminal in Shabwa on Monday, the "
     "Yemeni government said, calling the strike an attack on the country's economy."),
    ("2023-03-07", "Andes Herald", "BOGOTA - Colombia's government and the ELN rebel group agreed on Tuesday to extend "
     "their ceasefire by three months, negotiators said in a joint statement read in Havana."),
    ("2023-03-07", "Baltic Courier", "KYIV - Russian forces shelled the city of Kherson overnight, killing two civilians "
     "and wounding five, the regional governor said on Tuesday."),
    ("2023-03-08", "Levant Monitor", "DAMASCUS - Syrian government aircraft struck villages south of Idlib on Wednesday, "
     "a war monitor said, the heaviest bombardment of the area in weeks."),
    ("2023-03-08", "Nile Post", "KHARTOUM - Police fired tear gas at thousands of protesters marching towards the "
     "presidential palace in Khartoum on Wednesday, witnesses said. Doctors said 12 people were injured."),
    ("2023-03-09", "Sahel Dispatch", "NIAMEY - Niger's foreign minister met the French ambassador in Niamey on Thursday "
     "to discuss the withdrawal of French troops, the ministry said."),
    ("2023-03-09", "Indus Daily", "ISLAMABAD - Pakistani security forces arrested 23 suspected militants in raids in "
     "Khyber Pakhtunkhwa province on Thursday, the military said."),
    ("2023-03-10", "Baltic Courier", "MOSCOW - Russian Foreign Minister Sergei Lavrov said on Friday that Moscow was ready "
     "to talk to Kyiv but accused Western countries of prolonging the war with weapons deliveries."),
    ("2023-03-10", "Levant Monitor", "BEIRUT - Lebanon's caretaker prime minister urged Hezbollah and Israel to show "
     "restraint on Friday after an exchange of fire across the border, his office said."),
    ("2023-03-11", "Horn Observer", "MOGADISHU (AFP) - Al Shabaab fighters attacked a military base in the Middle "
     "Shabelle region on Saturday, and the army said it had killed 30 of the attackers."),
    ("2023-03-11", "Horn Observer", "ADDIS ABABA - Ethiopia's government and Tigrayan forces agreed on Saturday to set up "
     "a joint committee to oversee the disarmament of fighters, the African Union said."),
    ("2023-03-12", "Gulf Ledger", "TEHRAN - Iran's foreign minister said on Sunday that talks with Saudi Arabia on "
     "reopening embassies had made progress, and that he would meet his Saudi counterpart within weeks."),
    ("2023-03-12", "Andes Herald", "LIMA - Protesters blocked highways in southern Peru on Sunday demanding the "
     "resignation of President Dina Boluarte, and police cleared two roadblocks near Juliaca."),
    ("2023-03-13", "Meridian World", "NEW YORK - The UN Security Council demanded on Monday an immediate end to the "
     "fighting in eastern Congo and called on Rwanda to stop supporting the M23 rebels."),
    ("2023-03-13", "Meridian World", "GOMA - M23 rebels seized the town of Mweso in North Kivu on Monday after two days "
     "of clashes with the Congolese army, residents said."),
    ("2023-03-14", "Nile Post", "CAIRO - Egypt sent 40 trucks of food and medicine to Sudan on Tuesday, the Egyptian "
     "Red Crescent said, as aid agencies warned of shortages in Khartoum."),
    ("2023-03-14", "Baltic Courier", "WARSAW - Poland said on Tuesday it would deliver four MiG-29 fighter jets to "
     "Ukraine in the coming days, the first NATO member to do so."),
    ("2023-03-15", "Levant Monitor", "ANKARA - Turkey reinforced its military posts in northern Syria on Wednesday, "
     "sending a convoy of armoured vehicles across the border, state media reported."),
    ("2023-03-15", "Indus Daily", "KABUL - The Taliban released 15 prisoners on Wednesday as a gesture of goodwill "
     "before talks with tribal elders, a spokesman said."),
    ("2023-03-16", "Sahel Dispatch", "OUAGADOUGOU - Burkina Faso's junta expelled two French journalists on Thursday, "
     "accusing them of spreading false information, the government spokesman said."),
    ("2023-03-16", "Gulf Ledger", "RIYADH - Saudi Arabia and Iran agreed on Thursday to restore diplomatic relations "
     "and reopen their embassies within two months, a joint statement said."),
    ("2023-03-17", "Meridian World", "BRUSSELS - The European Union imposed sanctions on Friday on six Iranian officials "
     "over the crackdown on protests, freezing their assets and banning them from travel."),
    ("2023-03-17", "Horn Observer", "JUBA - Clashes between rival groups in Upper Nile state killed at least 18 people "
     "on Friday, a local official said, and hundreds of families fled to the UN base."),
    ("2023-03-18", "Andes Herald", "CARACAS - Venezuela's government and the opposition resumed talks in Mexico City on "
     "Saturday, Norwegian mediators said, after a pause of four months."),
    ("2023-03-18", "Nile Post", "TRIPOLI - Armed groups clashed in the Libyan capital on Saturday, and the UN mission "
     "called on all sides to respect the ceasefire."),
    ("2023-03-19", "Levant Monitor", "BAGHDAD - A roadside bomb hit an Iraqi army patrol near Kirkuk on Sunday, killing "
     "two soldiers, security sources said. No group claimed responsibility."),
    ("2023-03-19", "Indus Daily", "NEW DELHI - India protested on Sunday to Pakistan over the shelling of villages "
     "along the Line of Control in Kashmir, the foreign ministry said."),
    ("2023-03-20", "Baltic Courier", "MINSK - Belarus said on Monday it would host Russian tactical nuclear weapons, "
     "and Lithuania called for new sanctions in response."),
    ("2023-03-20", "Gulf Ledger", "MUSCAT - Omani mediators arrived in Sanaa on Monday for talks with Houthi leaders on "
     "extending the truce, a Houthi official said. Calm has largely prevailed along the front lines."),
]

# 20 follow-ups from the same wires: one more report of an event above, in other words, on a later day.
_FOLLOW_UPS = [
    (0, "Mali's army said on Monday that reinforcements had reached Boni after Sunday's attack on its post."),
    (1, "The Yemeni government said on Tuesday that the drone strike on the Shabwa terminal had halted exports."),
    (3, "Rescuers in Kherson recovered a third body on Wednesday after Russian shelling hit apartment blocks."),
    (4, "Residents south of Idlib said on Thursday that air strikes had forced thousands to flee north."),
    (5, "Sudanese doctors said on Thursday that police had injured dozens of protesters in Khartoum this week."),
    (10, "Somalia's army said on Sunday it had repelled the Al Shabaab attack on its base in Middle Shabelle."),
    (14, "Congo's foreign minister welcomed on Tuesday the Security Council's call on Rwanda to stop backing M23."),
    (15, "Congolese troops tried on Wednesday to retake Mweso from M23 rebels, residents said."),
    (18, "Turkish armoured vehicles entered northern Syria again on Thursday, a war monitor said."),
    (21, "Iran's president welcomed on Friday the agreement with Saudi Arabia to restore relations."),
    (22, "Iran condemned on Saturday the European Union's sanctions on its officials and summoned envoys."),
    (23, "Aid workers said on Saturday that fighting in Upper Nile state had displaced more than 2,000 people."),
    (25, "Fighting between armed groups in Tripoli killed at least three people on Sunday, medics said."),
    (26, "Iraqi security forces arrested four suspects on Monday over the bombing near Kirkuk."),
    (27, "Pakistan rejected on Monday India's protest over shelling along the Line of Control."),
    (28, "Lithuania's foreign minister urged the EU on Tuesday to sanction Belarus over the nuclear weapons plan."),
    (29, "Houthi leaders met Omani mediators in Sanaa again on Tuesday, and both sides said the talks were useful."),
    (6, "French troops began leaving Niger on Friday after talks between the two governments, officials said."),
    (8, "Ukraine rejected on Saturday Lavrov's offer of talks and said Russia must first withdraw its troops."),
    (16, "A second Egyptian aid convoy of 60 trucks crossed into Sudan on Sunday, the Red Crescent said."),
]


def _later(day: str, days: int) -> str:
    y, m, d = (int(x) for x in day.split("-"))
    return f"{y:04d}-{m:02d}-{d + days:02d}"


def records() -> list[dict[str, str]]:
    """60 JSON Lines records, in the order they are written: 30 stories, 20 follow-ups, 6 near-duplicates
    (another outlet's copy of a wire story: re-headlined, with a dateline of its own), 4 more follow-ups."""
    out: list[dict[str, str]] = []
    for n, (day, source, text) in enumerate(STORIES):
        out.append({"id": f"cs-{n:03d}", "title": text.split(" - ", 1)[-1][:70], "published": f"{day}T08:00:00+00:00",
                    "source": source, "text": text})
    for k, (story, text) in enumerate(_FOLLOW_UPS):
        day, source, _ = STORIES[story]
        out.append({"id": f"cs-f{k:02d}", "title": text[:70], "published": f"{_later(day, 1 + k % 3)}T12:30:00+00:00",
                    "source": source, "text": text})
    for k, story in enumerate((0, 3, 10, 14, 21, 26)):
        day, _, text = STORIES[story]
        copy = text.replace(" - ", " (Wire) -- ", 1) + " The report could not be independently verified."
        out.append({"id": f"cs-d{k:02d}", "title": "Copy: " + text[:50], "published": f"{day}T15:00:00+00:00",
                    "source": "Regional Wire Digest", "text": copy})
    for k in range(4):
        story = 7 + 5 * k
        day, source, text = STORIES[story]
        out.append({"id": f"cs-g{k:02d}", "title": "Update", "published": f"{_later(day, 2)}T18:00:00+00:00",
                    "source": source, "text": "Officials confirmed on Sunday that " + text.split(" - ", 1)[-1][0].lower()
                    + text.split(" - ", 1)[-1][1:]})
    assert len(out) == 60 and len({r["id"] for r in out}) == 60
    return out


PAGE = """News ID: cs-page-1
Published: 0915 GMT March 21, 2023
Source: Levant Monitor

Rockets hit Turkish base in northern Iraq

Rockets hit Turkish base in northern Iraq

Three rockets struck a Turkish military base near Mosul on Tuesday, causing damage but no casualties,
the Turkish defence ministry said. Turkey said it would respond to any attack on its troops.

Share this
Advertisement
"""


def write_corpus(folder: Path) -> dict[str, object]:
    """Write the corpus into ``folder``; returns what a complete run must end with."""
    folder.mkdir(parents=True, exist_ok=True)
    recs = records()
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    lines.insert(17, '{"id": "cs-broken-1", "text": "Rebels attacked')  # cut short by a crashed exporter
    lines.insert(44, '["not", "an", "object"]')
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    return {"article_ids": {r["id"] for r in recs} | {"cs-page-1"},
            "failed_inputs": {f"{folder / 'wire.jsonl'}:18", f"{folder / 'wire.jsonl'}:45"}}
