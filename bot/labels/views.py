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
from camag_core.nutrients import VITAMIN_D, name
from camag_core.supplements import IU_PER_MCG_VITAMIN_D, find_form, form_name

SERVINGS_BUTTONS = ("1", "2", "3")
FIX, TYPE, DROP, COMPLETE = "fix", "type", "drop", "all"

# TRANSLATORS: why a figure read on a label is not taken: "• Calcium: ❓ {why}"
_DOUBTS = {
    Doubt.DISAGREE: N_("its amount and its %DV don't agree"),
    Doubt.UNCLEAR: N_("I couldn't make out its figures for sure"),
    Doubt.TWICE: N_("it is on the label twice"),
    Doubt.IMPLAUSIBLE: N_("the figure I read is more than any label gives"),
    Doubt.COMPOUND: N_("the label gives only the weight of its compound, so please type the mineral itself"),
}


def _amount(value: float, unit: str, t: Texts) -> str:
    """A label's figure as printed (12.5 mcg keeps its decimal), with its unit."""
    if value == int(value):
        return t.amount(value, unit)
    # TRANSLATORS: a label's figure with a decimal and its unit: "12.5 mcg"
    return t._("{number} {unit}", number=t.decimal(value, 2), unit=unit)


def _form(item: Reading, t: Texts) -> str:
    """The form the label names, in the person's language."""
    return escape(form_name(item.nutrient, item.form, t=t) or "")


def _compound(item: Reading, t: Texts) -> str:
    # TRANSLATORS: a Drug Facts active ingredient's weight: "750 mg of calcium carbonate"
    return t._("{amount} of {compound}", amount=_amount(item.compound or 0.0, "mg", t), compound=_form(item, t))


def _item(item: Reading, t: Texts) -> str:
    label = t._(item.nutrient.label)
    if item.amount is None or item.doubt is not None:
        why = t._(_DOUBTS[item.doubt or Doubt.UNCLEAR])
        if item.compound is not None and item.form:
            return t._("• {nutrient} ({compound}): ❓ {why}", nutrient=label, compound=_compound(item, t), why=why)
        return t._("• {nutrient}: ❓ {why}", nutrient=label, why=why)
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
    if item.share is not None:
        amount = t._(
            "{amount}, worked out from its {compound}, {percent} of which is {nutrient}",
            amount=amount,
            compound=_compound(item, t),
            percent=t.percent(item.share / 100),
            nutrient=name(item.nutrient, t=t),
        )
    elif item.compound is not None and item.form:
        amount = t._(
            "{amount} (its {compound} is the whole compound's weight)", amount=amount, compound=_compound(item, t)
        )
    if item.form:
        # TRANSLATORS: {form}: the form the label names ("calcium carbonate"), from the catalog
        return t._("• {nutrient} (as {form}): {amount}", nutrient=label, form=_form(item, t), amount=amount)
    return t._("• {nutrient}: {amount}", nutrient=label, amount=amount)


def reading(found: LabelReading, sent_for: LabelFor, *, t: Texts = ENGLISH) -> Reply:
    """What was read, said back, with the question of servings a day and the buttons."""
    serving = found.serving.describe(t=t) if found.serving else t._("not found on the photo")
    # TRANSLATORS: keep the HTML tags <b>
    lines = [t._("📷 <b>This is what I read on the label</b>")]
    if found.drug_facts:
        # TRANSLATORS: {serving}: one of the units a Drug Facts panel names ("1 chewable tablet")
        each = t._("Drug Facts, per {serving}:", serving=found.serving.one(t=t)) if found.serving else None
        lines.append(each or t._("Drug Facts, per unit:"))
    else:
        lines += [t._("Serving size: {serving}", serving=serving), t._("Per serving:")]
    lines += [_item(item, t) for item in found.items]
    if any(item.estimated for item in found.items):
        lines.append(t._("<i>Estimated with the {source}.</i>", source=escape(t._(DAILY_VALUES_SOURCE))))
    if found.drug_facts:
        lines.append(
            t._(
                "<i>On a Drug Facts label the active ingredient is the whole compound's weight: what counts is "
                "the mineral itself (“elemental calcium”).</i>"
            )
        )
        if shares := _shares(found, t):
            lines.append(t._("<i>Elemental share from CaMag's table of supplement forms: {shares}.</i>", shares=shares))
    else:
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


def _shares(found: LabelReading, t: Texts) -> str:
    """Each elemental share used, with where it comes from: "calcium carbonate: 40% (HealthLinkBC …)"."""
    forms = [find_form(item.nutrient, item.form) for item in found.items if item.share is not None and item.form]
    return "; ".join(
        t._("{form}: {percent} ({source})", form=escape(t._(f.name)), percent=t.percent(f.elemental_percent_low / 100),
            source=escape(f.source.split(";")[0]))
        for f in forms
        if f
    )  # fmt: skip


def _servings_question(found: LabelReading, sent_for: LabelFor, t: Texts) -> str:
    anytime = sent_for is LabelFor.ANYTIME
    if found.drug_facts and found.serving is not None:
        # TRANSLATORS: {serving}: one of the units a Drug Facts panel names ("1 chewable tablet")
        question = t._(
            "Counting per {serving}: how many do you take a day? Tap a number, or type one.",
            serving=found.serving.one(t=t),
        )
        return (t._("Add it to your supplements?") + " " + question) if anytime else question
    if found.serving is None:
        if anytime:
            return t._("Add it to your supplements? How many servings do you take a day? Tap a number, or type one.")
        return t._("How many servings do you take a day? Tap a number, or type one.")
    serving = found.serving.describe(t=t)
    if anytime:
        # TRANSLATORS: {serving}: the label's serving size ("2 tablets")
        return t._(
            "Add it to your supplements? How many servings of {serving} do you take a day? Tap a number, or type one.",
            serving=serving,
        )
    return t._("How many servings of {serving} do you take a day? Tap a number, or type one.", serving=serving)


def reading_now(*, t: Texts = ENGLISH) -> str:
    return t._("📷 Reading your label… I'll send what it says in a moment.")


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
    return t._("📷 Photos of labels can't be read on this server, sorry. {hint}", hint=type_it(t=t))


def read_failed(*, t: Texts = ENGLISH) -> str:
    return t._("📷 Something went wrong while I read this photo. Please send it again, or type what the label says.")


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


def anytime_note(from_latest: bool, *, t: Texts = ENGLISH) -> str:
    """Where a reading sent at no question went: beside the latest result's answers, or into the check."""
    if from_latest:
        return t._(
            "They are added to your latest check's answers, beside what you take already: look them over, then "
            "tap “Show my balance” to count them."
        )
    return t._("They are now in your check's supplements: answer the rest, and /summary will count them.")


def dropped(*, t: Texts = ENGLISH) -> str:
    return t._("Fine, nothing was added. The photo itself is never kept.")
