"""The texts and buttons of a label read from a photo."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from bot.callbacks import Action
from bot.store.interface import LabelFor
from bot.views import Reply, _button, escape
from camag_core import Supplement
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.labels import DAILY_VALUES_SOURCE, Doubt, LabelReading, Reading
from camag_core.nutrients import VITAMIN_D
from camag_core.supplements import IU_PER_MCG_VITAMIN_D

SERVINGS_BUTTONS = ("1", "2", "3")
FIX, TYPE, DROP, COMPLETE = "fix", "type", "drop", "all"

# TRANSLATORS: why a figure read on a label is not taken: "• Calcium: ❓ {why}"
_DOUBTS = {
    Doubt.DISAGREE: N_("its amount and its %DV don't agree"),
    Doubt.UNCLEAR: N_("I couldn't make out its figures for sure"),
    Doubt.TWICE: N_("it is on the label twice"),
    Doubt.IMPLAUSIBLE: N_("the figure I read is more than any label gives"),
}


def _amount(value: float, unit: str, t: Texts) -> str:
    """A label's figure as printed (12.5 mcg keeps its decimal), with its unit."""
    if value == int(value):
        return t.amount(value, unit)
    # TRANSLATORS: a label's figure with a decimal and its unit: "12.5 mcg"
    return t._("{number} {unit}", number=t.decimal(value, 2), unit=unit)


def _item(item: Reading, t: Texts) -> str:
    name = t._(item.nutrient.label)
    if item.amount is None or item.doubt is not None:
        return t._("• {nutrient}: ❓ {why}", nutrient=name, why=t._(_DOUBTS[item.doubt or Doubt.UNCLEAR]))
    amount = _amount(item.amount, item.unit.value, t)
    if item.nutrient is VITAMIN_D:
        # TRANSLATORS: vitamin D in mcg with its IU: "25 mcg (1,000 IU)"
        amount = t._("{amount} ({iu})", amount=amount, iu=t.amount(item.amount * IU_PER_MCG_VITAMIN_D, "IU"))
    if item.estimated:
        amount = t._(
            "about {amount}, worked out from its {percent} Daily Value",
            amount=amount,
            percent=t.percent((item.dv_percent or 0) / 100),
        )
    if item.form:
        # TRANSLATORS: {form}: the form as printed on the label ("calcium carbonate"), kept as it is
        return t._("• {nutrient} (as {form}): {amount}", nutrient=name, form=escape(item.form), amount=amount)
    return t._("• {nutrient}: {amount}", nutrient=name, amount=amount)


def reading(found: LabelReading, sent_for: LabelFor, *, t: Texts = ENGLISH) -> Reply:
    """What was read, said back, with the question of servings a day and the buttons."""
    serving = found.serving.describe() if found.serving else t._("not found on the photo")
    lines = [
        # TRANSLATORS: keep the HTML tags <b>
        t._("📷 <b>This is what I read on the label</b>"),
        t._("Serving size: {serving}", serving=escape(serving)),
        t._("Per serving:"),
    ]
    lines += [_item(item, t) for item in found.items]
    if any(item.estimated for item in found.items):
        lines.append(t._("<i>Estimated with the {source}.</i>", source=escape(t._(DAILY_VALUES_SOURCE))))
    lines.append(t._("<i>On a Supplement Facts label the amount is the mineral itself, whatever its form.</i>"))
    fix = [
        _button(t.pgettext("button", "✏️ Correct a figure"), Action.LABEL, value=FIX),
        _button(t.pgettext("button", "⌨️ Type it instead"), Action.LABEL, value=TYPE),
    ]
    if found.line_missing:
        lines.append(
            "\n"
            + t._(
                "⚠️ One line of the label I couldn't read at all. If calcium, magnesium or vitamin D is on it, "
                "please add it with “Correct a figure”."
            )
        )
    if not found.sure:
        if any(item.doubt is not None or item.amount is None for item in found.items):
            lines.append(
                "\n" + t._("Please correct the figure marked ❓ (or type your supplements instead): I won't guess it.")
            )
            return Reply("\n".join(lines), InlineKeyboardMarkup([fix]))
        complete = _button(t.pgettext("button", "✅ Nothing missing"), Action.LABEL, value=COMPLETE)
        return Reply("\n".join(lines), InlineKeyboardMarkup([[complete], fix]))
    lines.append("\n" + _servings_question(found, sent_for, t))
    # TRANSLATORS: a button: servings a day, "✅ 2 a day"
    servings = [_button(t.pgettext("button", "✅ {n} a day", n=n), Action.LABEL, value=n) for n in SERVINGS_BUTTONS]
    not_now = _button(t.pgettext("button", "Not now"), Action.LABEL, value=DROP)
    return Reply("\n".join(lines), InlineKeyboardMarkup([servings, fix, [not_now]]))


def _servings_question(found: LabelReading, sent_for: LabelFor, t: Texts) -> str:
    anytime = sent_for is LabelFor.ANYTIME
    if found.serving is None:
        if anytime:
            return t._("Add it to your supplements? How many servings do you take a day? Tap a number, or type one.")
        return t._("How many servings do you take a day? Tap a number, or type one.")
    serving = escape(found.serving.describe())
    if anytime:
        # TRANSLATORS: {serving}: the label's serving size as printed ("2 tablets")
        return t._(
            "Add it to your supplements? How many servings of {serving} do you take a day? Tap a number, or type one.",
            serving=serving,
        )
    return t._("How many servings of {serving} do you take a day? Tap a number, or type one.", serving=serving)


def type_it(*, t: Texts = ENGLISH) -> str:
    return t._("Type what the label says, like “600 mg calcium carbonate, 400 IU vitamin D, 2 a day”, at /check.")


def unreadable(*, t: Texts = ENGLISH) -> str:
    return t._(
        "📷 I couldn't read this label, sorry. A sharp, well-lit photo of the “Supplement Facts” panel, "
        "straight on, works best.\n\nOr type what it says, like “600 mg calcium carbonate, 400 IU vitamin D”."
    )


def caption_instead(*, t: Texts = ENGLISH) -> str:
    return t._("📷 I couldn't read the label on this photo, so I read your caption instead.")


def fetch_failed(*, t: Texts = ENGLISH) -> str:
    return t._("📷 I couldn't get that photo from Telegram. Please send it again, or type what the label says.")


def no_engine(*, t: Texts = ENGLISH) -> str:
    # TRANSLATORS: followed by the hint to type what the label says
    return t._("📷 I can't read photos here at the moment, sorry. {hint}", hint=type_it(t=t))


def correct_prompt(*, t: Texts = ENGLISH) -> str:
    return t._(
        "Type the figure as it is on the label, one at a time, like “calcium 500 mg”, “vitamin D 25 mcg”, "
        "“magnesium 200 mg” or “serving size 2 tablets”."
    )


def servings_prompt(error: str, *, t: Texts = ENGLISH) -> str:
    return t._("⚠️ {problem} Or tap “Type it instead” above.", problem=escape(error))


def accepted(taken: Sequence[Supplement], *, t: Texts = ENGLISH) -> str:
    # TRANSLATORS: {supplements}: each as "Calcium carbonate 600 mg, 2 a day", separated by "; "
    return t._("✅ Added from the label: {supplements}.", supplements="; ".join(escape(s.describe(t=t)) for s in taken))


def anytime_note(*, t: Texts = ENGLISH) -> str:
    return t._("They are now in your check's supplements: answer the rest, and /summary will count them.")


def dropped(*, t: Texts = ENGLISH) -> str:
    return t._("Fine, nothing was added. The photo itself is never kept.")
