"""Supplement Facts panels drawn the way products print them, and photographed the way phones do.

:func:`make_label` draws one panel from a :class:`LabelSpec` (several layouts and fonts, one- and
two-column rows, calcium, magnesium and vitamin D in any order, mcg with or without IU, IU alone
on older labels, "as …" forms inline or on their own line, serving sizes, %DV columns, other
nutrients around them); :func:`photograph` degrades it as a phone does (rotation, perspective,
blur, shadow, low light, JPEG). :func:`random_spec` draws the specs of the benchmark and the
tests from a seeded generator. The fonts are matplotlib's bundled DejaVu and STIX, always there.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FACES = {  # regular, bold
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "times": ("STIXGeneral.ttf", "STIXGeneralBol.ttf"),
}
DV_CURRENT = {"calcium": 1300.0, "magnesium": 420.0, "vitamin_d": 20.0}  # mg, mg, mcg
NAMES = {"calcium": "Calcium", "magnesium": "Magnesium", "vitamin_d": "Vitamin D"}
FORMS = {
    "calcium": ["calcium carbonate", "calcium citrate", "tricalcium phosphate", "calcium citrate malate"],
    "magnesium": ["magnesium oxide", "magnesium citrate", "magnesium glycinate", "magnesium aspartate"],
    "vitamin_d": ["cholecalciferol"],
}
AMOUNTS = {
    "calcium": [200, 250, 300, 333, 500, 600, 630, 1000, 1200],
    "magnesium": [50, 100, 120, 133, 200, 250, 300, 400],
    "vitamin_d": [5, 10, 12.5, 15, 20, 25, 50, 62.5, 125],  # mcg
}
UNITS = [
    ("Tablet", "Tablets"),
    ("Capsule", "Capsules"),
    ("Softgel", "Softgels"),
    ("Caplet", "Caplets"),
    ("Gummy", "Gummies"),
    ("Chewable Tablet", "Chewable Tablets"),
    ("Scoop", "Scoops"),
]
OTHERS = [
    ("Vitamin C (as ascorbic acid)", "60 mg", "67%"),
    ("Vitamin K2 (as menaquinone-7)", "90 mcg", "75%"),
    ("Zinc (as zinc oxide)", "11 mg", "100%"),
    ("Pantothenic Acid (as calcium pantothenate)", "10 mg", "200%"),
    ("Vitamin B6 (as pyridoxine HCl)", "2 mg", "118%"),
]


@dataclass(frozen=True)
class Nutrient:
    key: str  # calcium, magnesium, vitamin_d
    amount: float  # mg; mcg for vitamin D
    form: str | None
    show_iu: bool = False  # vitamin D: "25 mcg (1,000 IU)"
    iu_only: bool = False  # vitamin D on an older label: "1,000 IU"
    dv_only: bool = False  # only the %DV is printed
    form_below: bool = False  # "(as calcium carbonate)" on the line below the name


@dataclass(frozen=True)
class LabelSpec:
    nutrients: tuple[Nutrient, ...]
    serving_count: int
    serving_unit: str
    face: str = "sans"
    two_column: bool = True  # amounts in a column of their own, else right after the name
    dv_column: bool = True
    others: tuple[int, ...] = ()  # indexes into OTHERS, drawn before the first of ours
    size: int = 22
    seed: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    def serving_text(self) -> str:
        return f"{self.serving_count} {self.serving_unit}"


def _amount(n: Nutrient) -> str:
    if n.key == "vitamin_d":
        iu = n.amount * 40
        if n.iu_only:
            return f"{iu:,.0f} IU"
        mcg = f"{n.amount:g} mcg"
        return f"{mcg} ({iu:,.0f} IU)" if n.show_iu else mcg
    return f"{n.amount:g} mg"


def _dv(n: Nutrient) -> str:
    return f"{round(n.amount / DV_CURRENT[n.key] * 100)}%"


def random_spec(rng: random.Random) -> LabelSpec:
    keys = rng.choice([["calcium"], ["magnesium"], ["vitamin_d"], ["calcium", "vitamin_d"], ["calcium", "magnesium"],
                       ["calcium", "magnesium", "vitamin_d"], ["vitamin_d", "calcium", "magnesium"],
                       ["magnesium", "calcium"]])  # fmt: skip
    two_column = rng.random() < 0.6
    dv_only_key = rng.choice(keys) if rng.random() < 0.08 else None
    nutrients = []
    for key in keys:
        iu_only = key == "vitamin_d" and rng.random() < 0.15
        nutrients.append(
            Nutrient(
                key=key,
                amount=rng.choice(AMOUNTS[key]),
                form=rng.choice(FORMS[key]) if rng.random() < 0.75 else None,
                show_iu=key == "vitamin_d" and not iu_only and rng.random() < 0.6,
                iu_only=iu_only,
                dv_only=key == dv_only_key,
                form_below=two_column and rng.random() < 0.3,
            )
        )
    count = rng.choice([1, 1, 1, 2, 2, 3, 4])
    unit = rng.choice(UNITS)[0 if count == 1 else 1]
    others = tuple(rng.sample(range(len(OTHERS)), rng.choice([0, 0, 1, 2])))
    return LabelSpec(
        nutrients=tuple(nutrients),
        serving_count=count,
        serving_unit=unit,
        face=rng.choice(list(FACES)),
        two_column=two_column,
        dv_column=rng.random() < 0.85 or any(n.dv_only for n in nutrients),
        others=others,
        size=rng.choice([20, 22, 24, 26]),
        seed=rng.randrange(1 << 30),
    )


def make_label(spec: LabelSpec) -> Image.Image:
    """The panel, as printed: black on white, rules between rows."""
    regular, bold = (str(FONTS / name) for name in FACES[spec.face])
    font = ImageFont.truetype(regular, spec.size)
    strong = ImageFont.truetype(bold, spec.size)
    title = ImageFont.truetype(bold, int(spec.size * 1.9))
    width = spec.size * (36 if spec.two_column else 30)
    rows: list[tuple[str, str, str, bool]] = []  # name, amount, %DV, indented form line
    for index in spec.others:
        rows.append(OTHERS[index])  # type: ignore[arg-type]
    for n in spec.nutrients:
        name = NAMES[n.key] + ("3" if n.key == "vitamin_d" and spec.seed % 2 else "")
        form = f"(as {n.form})" if n.form else ""
        amount = "" if n.dv_only else _amount(n)
        dv = _dv(n) if spec.dv_column else ""
        if n.form_below and form:
            rows.append((name, amount, dv))  # type: ignore[arg-type]
            rows.append(("   " + form, "", ""))  # type: ignore[arg-type]
        else:
            rows.append((f"{name} {form}".strip(), amount, dv))  # type: ignore[arg-type]
    line = int(spec.size * 1.7)
    height = int(spec.size * 7.5) + line * (len(rows) + 1)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    margin = spec.size
    y = margin // 2
    draw.text((margin, y), "Supplement Facts", font=title, fill="black")
    y += int(spec.size * 2.4)
    draw.text((margin, y), f"Serving Size {spec.serving_text()}", font=font, fill="black")
    y += line
    draw.text((margin, y), f"Servings Per Container {spec.seed % 90 + 30}", font=font, fill="black")
    y += line
    draw.rectangle((margin, y, width - margin, y + spec.size // 3), fill="black")
    y += spec.size // 2
    draw.text((margin, y), "Amount Per Serving", font=strong, fill="black")
    if spec.dv_column:
        label = "% Daily Value"
        draw.text((width - margin - draw.textlength(label, font=strong), y), label, font=strong, fill="black")
    y += line
    amount_x = int(width * 0.58)
    for name, amount, dv in rows:  # type: ignore[misc]
        draw.line((margin, y - 3, width - margin, y - 3), fill="black", width=1)
        if spec.two_column:
            draw.text((margin, y), name, font=font, fill="black")
            draw.text((amount_x, y), amount, font=font, fill="black")
        else:
            draw.text((margin, y), f"{name} {amount}".rstrip(), font=font, fill="black")
        if dv:
            draw.text((width - margin - draw.textlength(dv, font=font), y), dv, font=font, fill="black")
        y += line
    draw.rectangle((margin, y, width - margin, y + spec.size // 4), fill="black")
    return image


@dataclass(frozen=True)
class Blemish:
    rotate: float = 0.0  # degrees
    perspective: float = 0.0  # how far the far corners come in, as a share of the width
    blur: float = 0.0  # Gaussian radius in pixels
    shadow: float = 0.0  # darkest a shadow across the panel gets (0..1)
    light: float = 1.0  # overall brightness (low light < 1)
    noise: float = 0.0  # sensor noise, as a share of full scale
    quality: int = 85  # JPEG quality (Telegram's own recompression is about 87)


CLEAR = Blemish()


def random_blemish(rng: random.Random) -> Blemish:
    """Two to four of a phone photo's faults at once."""
    faults = rng.sample(["rotate", "perspective", "blur", "shadow", "light", "jpeg"], rng.choice([2, 3, 4]))
    return Blemish(
        rotate=rng.uniform(-7, 7) if "rotate" in faults else rng.uniform(-1, 1),
        perspective=rng.uniform(0.02, 0.08) if "perspective" in faults else 0.0,
        blur=rng.uniform(0.6, 1.4) if "blur" in faults else 0.0,
        shadow=rng.uniform(0.25, 0.55) if "shadow" in faults else 0.0,
        light=rng.uniform(0.45, 0.7) if "light" in faults else 1.0,
        noise=rng.uniform(0.02, 0.05) if "light" in faults else 0.0,
        quality=rng.randint(35, 60) if "jpeg" in faults else 85,
    )


def photograph(panel: Image.Image, blemish: Blemish, seed: int = 0) -> bytes:
    """A JPEG of the panel lying on a table, as a phone takes it and Telegram sends it on."""
    rng = random.Random(seed)
    pad = panel.width // 12
    table = (rng.randint(150, 200), rng.randint(140, 190), rng.randint(120, 170))
    image = Image.new("RGB", (panel.width + 2 * pad, panel.height + 2 * pad), table)
    image.paste(panel, (pad, pad))
    if blemish.perspective:
        w, h = image.size
        d = blemish.perspective * w
        # The top edge further away: its corners drawn in (PIL maps output corners to input points).
        quad = (-d, 0.0, -d * 0.2, float(h), w + d * 0.2, float(h), w + d, 0.0)
        image = image.transform(image.size, Image.Transform.QUAD, quad, Image.Resampling.BICUBIC, fillcolor=table)
    if blemish.rotate:
        image = image.rotate(blemish.rotate, Image.Resampling.BICUBIC, expand=True, fillcolor=table)
    if blemish.blur:
        image = image.filter(ImageFilter.GaussianBlur(blemish.blur))
    if blemish.shadow or blemish.light != 1.0:
        w, h = image.size
        gradient = Image.linear_gradient("L").resize((w, h)).rotate(rng.choice([0, 90, 180, 270]))
        low = int(255 * (1 - blemish.shadow) * blemish.light)
        high = int(255 * blemish.light)
        mask = gradient.point(lambda v: low + (high - low) * v // 255)
        image = Image.fromarray(_times(image, mask))
    if blemish.noise:
        image = Image.fromarray(_noisy(image, blemish.noise, seed))
    if max(image.size) > 1280:  # Telegram's largest photo size
        image.thumbnail((1280, 1280), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=blemish.quality)
    return out.getvalue()


def _times(image: Image.Image, mask: Image.Image):  # type: ignore[no-untyped-def]
    import numpy as np

    pixels = np.asarray(image, dtype=np.float32) * (np.asarray(mask, dtype=np.float32)[..., None] / 255.0)
    return pixels.clip(0, 255).astype(np.uint8)


def _noisy(image: Image.Image, amount: float, seed: int):  # type: ignore[no-untyped-def]
    import numpy as np

    pixels = np.asarray(image, dtype=np.float32)
    noise = np.random.default_rng(seed).normal(0.0, 255 * amount, pixels.shape)
    return (pixels + noise).clip(0, 255).astype(np.uint8)


# Drug Facts panels: OTC antacids (TUMS and store brands, product_labels.md §1) --------------------

ELEMENTAL_WORDING = {  # how "Other information" gives the mineral, as the DailyMed labels do
    "contains": "each {unit} contains: elemental calcium {calcium:g} mg{more}, sodium 2 mg",
    "provides": "each {unit} provides elemental calcium {calcium:g} mg{more}",
    "plain": "each {unit} contains: calcium {calcium:g}mg{more}",
}


@dataclass(frozen=True)
class DrugFactsSpec:
    carbonate: int  # mg of calcium carbonate USP in each unit: the compound's weight
    wording: str | None  # a key of ELEMENTAL_WORDING, or None: the mineral is not given, only the compound
    unit: str = "tablet"  # "in each tablet", "in each chewable tablet"
    hydroxide: int | None = None  # a second active ingredient: magnesium hydroxide, mg
    magnesium: int | None = None  # "magnesium 10 mg" under "Other information" (TUMS Ultra)
    face: str = "sans"
    size: int = 22
    seed: int = 0

    def calcium(self) -> float:
        return self.carbonate * 0.4  # as the labels print it: 200, 300, 400 mg

    def expected(self) -> dict[str, tuple[float, str | None]]:
        """Per mineral, the elemental mg in each unit and the form, as a reader should give them: as
        "Other information" prints them, or else worked out from the compound at the shipped share
        (calcium carbonate 40%, magnesium hydroxide 41.7%)."""
        found: dict[str, tuple[float, str | None]] = {"calcium": (self.calcium(), "calcium carbonate")}
        if self.hydroxide:
            mg = round(self.hydroxide * 0.417) if self.wording else round(self.hydroxide * 0.417, 1)
            found["magnesium"] = (mg, "magnesium hydroxide (milk of magnesia)")
        elif self.magnesium and self.wording:
            found["magnesium"] = (self.magnesium, None)
        return found


def random_drug_facts(rng: random.Random) -> DrugFactsSpec:
    hydroxide = rng.choice([None, None, None, 110])  # a Rolaids-like second active
    return DrugFactsSpec(
        carbonate=550 if hydroxide else rng.choice([500, 750, 1000]),
        wording=rng.choice([*ELEMENTAL_WORDING, None]),
        unit=rng.choice(["tablet", "chewable tablet"]),
        hydroxide=hydroxide,
        magnesium=10 if not hydroxide and rng.random() < 0.2 else None,
        face=rng.choice(list(FACES)),
        size=rng.choice([18, 20, 22]),
        seed=rng.randrange(1 << 30),
    )


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    rows = [""]
    for word in text.split():
        if rows[-1] and draw.textlength(f"{rows[-1]} {word}", font=font) > width:
            rows.append(word)
        else:
            rows[-1] = f"{rows[-1]} {word}".strip()
    return rows


def drug_facts_text(spec: DrugFactsSpec) -> tuple[str, list[str], list[tuple[str, list[str]]]]:
    """The panel's words: the active ingredients' heading, each active ingredient, and each
    section's name with its paragraphs."""
    more = ""
    if spec.hydroxide:
        more = f", magnesium {round(spec.hydroxide * 0.417)} mg"
    elif spec.magnesium:
        more = f", magnesium {spec.magnesium} mg"
    said = ELEMENTAL_WORDING[spec.wording] if spec.wording else None
    other = [f"• {said}".format(unit=spec.unit, calcium=spec.calcium(), more=more)] if said else []
    actives = [f"Calcium carbonate USP {spec.carbonate} mg"]
    if spec.hydroxide:
        actives.append(f"Magnesium hydroxide {spec.hydroxide} mg")
    sections: list[tuple[str, list[str]]] = [
        ("Uses", ["relieves • heartburn • sour stomach • acid indigestion • upset stomach due to these symptoms"]),
        ("Warnings", ["Ask a doctor or pharmacist before use if you are presently taking a prescription drug."]),
        ("Directions", ["• chew 2-4 tablets as symptoms occur", "• do not take more than 10 tablets in 24 hours"]),
        ("Other information", [*other, "• store at 20-25°C (68-77°F)"]),
        ("Inactive ingredients", ["adipic acid, corn starch, dextrose, flavors, magnesium stearate, sucrose, talc"]),
    ]
    return f"Active ingredient{'s' if spec.hydroxide else ''} (in each {spec.unit})", actives, sections


def make_drug_facts(spec: DrugFactsSpec) -> Image.Image:
    """An antacid's Drug Facts panel: the active ingredient (the compound's weight) with its
    purpose, uses, warnings, directions, other information (the mineral), inactive ingredients."""
    regular, bold = (str(FONTS / name) for name in FACES[spec.face])
    font = ImageFont.truetype(regular, spec.size)
    strong = ImageFont.truetype(bold, spec.size)
    title = ImageFont.truetype(bold, int(spec.size * 1.9))
    width = spec.size * 34
    margin = spec.size
    heading, actives, sections = drug_facts_text(spec)
    line = int(spec.size * 1.5)
    image = Image.new("RGB", (width, spec.size * 60), "white")
    draw = ImageDraw.Draw(image)
    y = margin // 2
    draw.text((margin, y), "Drug Facts", font=title, fill="black")
    y += int(spec.size * 2.4)
    draw.rectangle((margin, y, width - margin, y + spec.size // 4), fill="black")
    y += spec.size // 2
    draw.text((margin, y), heading, font=strong, fill="black")
    draw.text((width - margin - draw.textlength("Purpose", font=strong), y), "Purpose", font=strong, fill="black")
    y += line
    for active in actives:
        draw.text((margin, y), active, font=font, fill="black")
        purpose = "Antacid"
        end = width - margin - draw.textlength(purpose, font=font)
        start = margin + draw.textlength(active + " ", font=font)
        dots = "." * int((end - start - spec.size) / max(1.0, draw.textlength(".", font=font)))
        draw.text((start, y), dots, font=font, fill="black")
        draw.text((end, y), purpose, font=font, fill="black")
        y += line
    for name, paragraphs in sections:
        draw.line((margin, y, width - margin, y), fill="black", width=2)
        y += spec.size // 3
        draw.text((margin, y), name, font=strong, fill="black")
        indent = margin + draw.textlength(name + "  ", font=strong)
        for paragraph in paragraphs:
            for row in _wrapped(draw, paragraph, font, width - margin - indent):
                draw.text((indent, y), row, font=font, fill="black")
                y += line
    draw.rectangle((margin, y, width - margin, y + spec.size // 4), fill="black")
    return image.crop((0, 0, width, y + spec.size))
