"""The texts and buttons of a label read from a photo."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from bot.callbacks import Action
from bot.store.interface import LabelFor
from bot.views import Reply, _button, escape
from camag_core import Supplement
from camag_core.labels import DAILY_VALUES_SOURCE, Doubt, LabelReading, Reading
from camag_core.nutrients import VITAMIN_D
from camag_core.supplements import find_form

SERVINGS_BUTTONS = ("1", "2", "3")
FIX, TYPE, DROP, COMPLETE = "fix", "type", "drop", "all"

_DOUBTS = {
    Doubt.DISAGREE: "its amount and its %DV don't agree",
    Doubt.UNCLEAR: "I couldn't make out its figures for sure",
    Doubt.TWICE: "it is on the label twice",
    Doubt.IMPLAUSIBLE: "the figure I read is more than any label gives",
    Doubt.COMPOUND: "the label gives only the weight of its compound, so please type the mineral itself",
}


def _name(item: Reading) -> str:
    return "Vitamin D" if item.nutrient is VITAMIN_D else item.nutrient.label


def _compound(item: Reading) -> str:
    return f"{item.compound:,g} mg of {escape(item.form or 'its compound')}"


def _item(item: Reading) -> str:
    if item.amount is None or item.doubt is not None:
        weight = f" ({_compound(item)})" if item.compound is not None else ""
        return f"• {_name(item)}{weight}: ❓ {_DOUBTS[item.doubt or Doubt.UNCLEAR]}"
    amount = f"{item.amount:,g} {item.unit.value}"
    if item.nutrient is VITAMIN_D:
        amount += f" ({item.amount * 40:,.0f} IU)"
    if item.estimated:
        amount = f"about {amount}, worked out from its {item.dv_percent:g}% Daily Value"
    if item.share is not None:
        amount += f", worked out from its {_compound(item)}, {item.share:g}% of which is {item.nutrient.label.lower()}"
    elif item.compound is not None:
        amount += f" (its {_compound(item)} is the whole compound's weight)"
    form = f" (as {escape(item.form)})" if item.form else ""
    return f"• {_name(item)}{form}: {amount}"


def _shares(found: LabelReading) -> list[str]:
    """Where each elemental share used comes from."""
    forms = [find_form(item.nutrient, item.form) for item in found.items if item.share is not None and item.form]
    return [f"{form.name}: {form.elemental_percent_low:g}% ({form.source.split(';')[0]})" for form in forms if form]


def reading(found: LabelReading, sent_for: LabelFor) -> Reply:
    """What was read, said back, with the question of servings a day and the buttons."""
    serving = found.serving.describe() if found.serving else "not found on the photo"
    lines = ["📷 <b>This is what I read on the label</b>"]
    if found.drug_facts:
        lines.append(f"Drug Facts, in each {escape(found.serving.unit)}:" if found.serving else "Drug Facts, per unit:")
    else:
        lines += [f"Serving size: {escape(serving)}", "Per serving:"]
    lines += [_item(item) for item in found.items]
    if any(item.estimated for item in found.items):
        lines.append(f"<i>Estimated with the {escape(DAILY_VALUES_SOURCE)}.</i>")
    if found.drug_facts:
        lines.append(
            "<i>On a Drug Facts label the active ingredient is the whole compound's weight: what counts is "
            "the mineral itself (“elemental calcium”).</i>"
        )
        if shares := _shares(found):
            lines.append(f"<i>Elemental share from CaMag's table of supplement forms: {escape('; '.join(shares))}.</i>")
    else:
        lines.append("<i>On a Supplement Facts label the amount is the mineral itself, whatever its form.</i>")
    fix = [
        _button("✏️ Correct a figure", Action.LABEL, value=FIX),
        _button("⌨️ Type it instead", Action.LABEL, value=TYPE),
    ]
    if found.line_missing:
        lines.append(
            "\n⚠️ One line of the label I couldn't read at all. If calcium, magnesium or vitamin D is on it, "
            "please add it with “Correct a figure”."
        )
    if not found.sure:
        if any(item.doubt is not None or item.amount is None for item in found.items):
            lines.append("\nPlease correct the figure marked ❓ (or type your supplements instead): I won't guess it.")
            return Reply("\n".join(lines), InlineKeyboardMarkup([fix]))
        complete = _button("✅ Nothing missing", Action.LABEL, value=COMPLETE)
        return Reply("\n".join(lines), InlineKeyboardMarkup([[complete], fix]))
    if found.drug_facts and found.serving:
        what = escape(found.serving.unit) + "s"  # "tablets"
    else:
        what = f"servings of {escape(found.serving.describe())}" if found.serving else "servings"
    ask = "Add it to your supplements? " if sent_for is LabelFor.ANYTIME else ""
    lines.append(f"\n{ask}How many {what} do you take a day? Tap a number, or type one.")
    servings = [_button(f"✅ {n} a day", Action.LABEL, value=n) for n in SERVINGS_BUTTONS]
    return Reply(
        "\n".join(lines), InlineKeyboardMarkup([servings, fix, [_button("Not now", Action.LABEL, value=DROP)]])
    )


def type_it() -> str:
    return "Type what the label says, like “600 mg calcium carbonate, 400 IU vitamin D, 2 a day”, at /check."


def unreadable() -> str:
    return (
        "📷 I couldn't read this label, sorry. A sharp, well-lit photo of the “Supplement Facts” panel, "
        "straight on, works best.\n\nOr type what it says, like “600 mg calcium carbonate, 400 IU vitamin D”."
    )


def caption_instead() -> str:
    return "📷 I couldn't read the label on this photo, so I read your caption instead."


def fetch_failed() -> str:
    return "📷 I couldn't get that photo from Telegram. Please send it again, or type what the label says."


def no_engine() -> str:
    return "📷 Photos of labels can't be read on this server, sorry. " + type_it()


def read_failed() -> str:
    return "📷 Something went wrong while I read this photo. Please send it again, or type what the label says."


def correct_prompt() -> str:
    return (
        "Type the figure as it is on the label, one at a time, like “calcium 500 mg”, “vitamin D 25 mcg”, "
        "“magnesium 200 mg” or “serving size 2 tablets”."
    )


def servings_prompt(error: str) -> str:
    return f"⚠️ {escape(error)} Or tap “Type it instead” above."


def accepted(taken: Sequence[Supplement]) -> str:
    return "✅ Added from the label: " + "; ".join(escape(s.describe()) for s in taken) + "."


def anytime_note() -> str:
    return "They are now in your check's supplements: answer the rest, and /summary will count them."


def dropped() -> str:
    return "Fine, nothing was added. The photo itself is never kept."
