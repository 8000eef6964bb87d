"""Texts: the engine's own texts in the five languages, amounts and dates formatted per language,
and the pathways' texts rendered once per (language, date) with the thresholds filled in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wcr.navigator.kb import PARAM_PLACEHOLDER

if TYPE_CHECKING:
    from wcr.navigator.engine.logic import Context

LANGUAGES = ("de", "en", "ar", "uk", "tr")

ENGINE_TEXTS: dict[str, dict[str, str]] = {
    "not_in_force": {
        "de": "Diese Regelung gilt erst ab {date}",
        "en": "This rule applies only from {date}",
        "ar": "تسري هذه القاعدة فقط اعتبارًا من {date}",
        "uk": "Це правило діє лише з {date}",
        "tr": "Bu kural yalnızca {date} tarihinden itibaren geçerlidir",
    },
    "earlier_version": {
        "de": "Vor dem {date} galt eine frühere Fassung, die der Navigator nicht prüft",
        "en": "Before {date} an earlier version applied, which the navigator does not check",
        "ar": "قبل {date} كانت تسري صيغة سابقة لا يفحصها المرشد",
        "uk": "До {date} діяла попередня редакція, яку навігатор не перевіряє",
        "tr": "{date} tarihinden önce, rehberin incelemediği eski bir düzenleme geçerliydi",
    },
    "expired": {
        "de": "Diese Regelung galt nur bis {date}",
        "en": "This rule applied only until {date}",
        "ar": "كانت هذه القاعدة سارية حتى {date} فقط",
        "uk": "Це правило діяло лише до {date}",
        "tr": "Bu kural yalnızca {date} tarihine kadar geçerliydi",
    },
    "threshold_missing": {
        "de": "Grenzwert für {year} noch nicht bestätigt",
        "en": "threshold for {year} not yet confirmed",
        "ar": "الحد الأدنى لعام {year} لم يُؤكَّد بعد",
        "uk": "поріг на {year} рік ще не підтверджено",
        "tr": "{year} yılı için eşik henüz teyit edilmedi",
    },
    "no_job_offer": {
        "de": "kein Arbeitsplatzangebot",
        "en": "no job offer",
        "ar": "لا يوجد عرض عمل",
        "uk": "немає пропозиції роботи",
        "tr": "iş teklifi yok",
    },
    # Comparisons are sentences: no bare operator (">=" turns round in right-to-left text).
    "salary_met": {
        "de": "{salary} im Jahr sind mindestens die {year} geforderten {threshold}",
        "en": "{salary} a year is at least the {threshold} required in {year}",
        "ar": "راتب {salary} في السنة لا يقل عن الحد المطلوب لعام {year} وهو {threshold}",
        "uk": "{salary} на рік – не менше ніж {threshold}, потрібних у {year} році",
        "tr": "Yıllık {salary}, {year} için gereken {threshold} tutarından az değil",
    },
    "salary_failed": {
        "de": "{salary} im Jahr sind weniger als die {year} geforderten {threshold}",
        "en": "{salary} a year is less than the {threshold} required in {year}",
        "ar": "راتب {salary} في السنة أقل من الحد المطلوب لعام {year} وهو {threshold}",
        "uk": "{salary} на рік – менше ніж {threshold}, потрібних у {year} році",
        "tr": "Yıllık {salary}, {year} için gereken {threshold} tutarından az",
    },
    "points_exact": {
        "de": "{points}; mindestens {minimum} sind nötig",
        "en": "{points}; at least {minimum} are needed",
        "ar": "عدد النقاط {points}، والمطلوب {minimum} على الأقل",
        "uk": "{points}; потрібно щонайменше {minimum}",
        "tr": "{points}; en az {minimum} gerekli",
    },
    "points_range": {
        "de": "je nach den offenen Angaben zwischen {low} und {high} Punkten; mindestens {minimum} sind nötig",
        "en": "between {low} and {high} points depending on the open answers; at least {minimum} are needed",
        "ar": "عدد النقاط بين {low} و{high} حسب الإجابات المفتوحة، والمطلوب {minimum} على الأقل",
        "uk": "від {low} до {high} балів залежно від відкритих відповідей; потрібно щонайменше {minimum}",
        "tr": "açık cevaplara göre {low} ile {high} arasında puan; en az {minimum} gerekli",
    },
    "compare_gte": {
        "de": "angegeben: {value}; verlangt: mindestens {bound}",
        "en": "given: {value}; required: at least {bound}",
        "ar": "المُدخَل: {value}؛ المطلوب: {bound} على الأقل",
        "uk": "вказано: {value}; потрібно: щонайменше {bound}",
        "tr": "belirtilen: {value}; gereken: en az {bound}",
    },
    "compare_gt": {
        "de": "angegeben: {value}; verlangt: mehr als {bound}",
        "en": "given: {value}; required: more than {bound}",
        "ar": "المُدخَل: {value}؛ المطلوب: أكثر من {bound}",
        "uk": "вказано: {value}; потрібно: більше ніж {bound}",
        "tr": "belirtilen: {value}; gereken: {bound} üzeri",
    },
    "compare_lte": {
        "de": "angegeben: {value}; verlangt: höchstens {bound}",
        "en": "given: {value}; required: at most {bound}",
        "ar": "المُدخَل: {value}؛ المطلوب: {bound} على الأكثر",
        "uk": "вказано: {value}; потрібно: щонайбільше {bound}",
        "tr": "belirtilen: {value}; gereken: en fazla {bound}",
    },
    "compare_lt": {
        "de": "angegeben: {value}; verlangt: unter {bound}",
        "en": "given: {value}; required: under {bound}",
        "ar": "المُدخَل: {value}؛ المطلوب: أقل من {bound}",
        "uk": "вказано: {value}; потрібно: менше ніж {bound}",
        "tr": "belirtilen: {value}; gereken: {bound} altı",
    },
    "since_met": {
        "de": "abgeschlossen am {date}; zählt bis {deadline}",
        "en": "completed on {date}; counts until {deadline}",
        "ar": "أُنجز في {date}؛ يُحتسب حتى {deadline}",
        "uk": "завершено {date}; зараховується до {deadline}",
        "tr": "{date} tarihinde tamamlandı; {deadline} tarihine kadar geçerli",
    },
    "since_failed": {
        "de": "abgeschlossen am {date}; zählte nur bis {deadline}",
        "en": "completed on {date}; counted only until {deadline}",
        "ar": "أُنجز في {date}؛ كان يُحتسب حتى {deadline} فقط",
        "uk": "завершено {date}; зараховувалося лише до {deadline}",
        "tr": "{date} tarihinde tamamlandı; yalnızca {deadline} tarihine kadar geçerliydi",
    },
    "level_none": {
        "de": "keine Kenntnisse",
        "en": "no knowledge",
        "ar": "لا توجد معرفة",
        "uk": "немає знань",
        "tr": "bilgi yok",
    },
    "pending": {
        "de": "{label} – {step}",
        "en": "{label} – {step}",
        "ar": "{label} – {step}",
        "uk": "{label} – {step}",
        "tr": "{label} – {step}",
    },
    "amount_unknown": {"de": "?", "en": "?", "ar": "?", "uk": "?", "tr": "?"},
    "81a_available": {
        "de": "Das beschleunigte Fachkräfteverfahren kann genutzt werden: der Arbeitgeber stellt den Antrag bei der zuständigen Stelle.",
        "en": "The accelerated skilled-worker procedure can be used: the employer applies to the competent authority.",
        "ar": "يمكن استخدام الإجراء المعجل للعمالة الماهرة: يقدم صاحب العمل الطلب إلى الجهة المختصة.",
        "uk": "Можна скористатися прискореною процедурою для фахівців: роботодавець подає заяву до компетентного органу.",
        "tr": "Hızlandırılmış nitelikli işgücü prosedürü kullanılabilir: başvuruyu işveren yetkili makama yapar.",
    },
    "81a_in_germany": {
        "de": "Nur für Personen, die noch im Ausland leben.",
        "en": "Only for people who still live abroad.",
        "ar": "فقط للأشخاص الذين ما زالوا يعيشون في الخارج.",
        "uk": "Лише для осіб, які ще живуть за кордоном.",
        "tr": "Yalnızca hâlâ yurt dışında yaşayan kişiler için.",
    },
    "81a_eu": {
        "de": "EU-/EWR-/Schweizer Bürger brauchen kein Visum.",
        "en": "EU/EEA/Swiss citizens need no visa.",
        "ar": "مواطنو الاتحاد الأوروبي والمنطقة الاقتصادية الأوروبية وسويسرا لا يحتاجون إلى تأشيرة.",
        "uk": "Громадянам ЄС/ЄЕЗ/Швейцарії віза не потрібна.",
        "tr": "AB/AEA/İsviçre vatandaşlarının vizeye ihtiyacı yoktur.",
    },
    "81a_no_offer": {
        "de": "Nötig ist ein konkretes Arbeits- oder Ausbildungsplatzangebot.",
        "en": "A concrete job or training offer is needed.",
        "ar": "يلزم وجود عرض عمل أو تدريب محدد.",
        "uk": "Потрібна конкретна пропозиція роботи або навчання.",
        "tr": "Somut bir iş veya eğitim teklifi gereklidir.",
    },
    "81a_no_pathway": {
        "de": "Keiner der passenden Aufenthaltswege ist für das beschleunigte Verfahren vorgesehen.",
        "en": "None of the fitting pathways is covered by the accelerated procedure.",
        "ar": "لا يشمل الإجراء المعجل أيًا من المسارات المناسبة.",
        "uk": "Жоден із відповідних шляхів не охоплюється прискореною процедурою.",
        "tr": "Uygun yolların hiçbiri hızlandırılmış prosedür kapsamında değildir.",
    },
    "81a_unknown": {
        "de": "Ob das beschleunigte Verfahren möglich ist, hängt von den offenen Angaben ab (Wohnort, Angebot, Aufenthaltsweg).",
        "en": "Whether the accelerated procedure is possible depends on the open answers (residence, offer, pathway).",
        "ar": "تعتمد إمكانية الإجراء المعجل على الإجابات المفتوحة (مكان الإقامة، العرض، المسار).",
        "uk": "Чи можлива прискорена процедура, залежить від відкритих відповідей (місце проживання, пропозиція, шлях).",
        "tr": "Hızlandırılmış prosedürün mümkün olup olmadığı açık cevaplara bağlıdır (ikamet, teklif, yol).",
    },
    "81a_other_state": {
        "de": "Der Arbeitsort liegt außerhalb von NRW: zuständig ist die zentrale Stelle jenes Bundeslandes.",
        "en": "The workplace is outside NRW: the central authority of that federal state is responsible.",
        "ar": "مكان العمل خارج ولاية شمال الراين وستفاليا: الجهة المركزية لتلك الولاية هي المختصة.",
        "uk": "Місце роботи поза NRW: відповідає центральний орган тієї федеральної землі.",
        "tr": "İş yeri NRW dışında: o eyaletin merkezi makamı yetkilidir.",
    },
}


def localised(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or value["en"]


def format_amount(amount: Decimal, lang: str) -> str:
    """A number as the language writes it: 45.934,20 (de, tr), 45 934,20 (uk, narrow no-break
    space), 45,934.20 (en, ar with Latin digits). Whole amounts without decimals."""
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if lang in ("de", "tr"):
        return text.replace(",", "§").replace(".", ",").replace("§", ".")
    if lang == "uk":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def format_money(amount: Decimal, lang: str) -> str:
    """An amount in euros: €60,000 (en), 60.000 € (de, tr), 60 000 € (uk), 60,000 يورو (ar).
    A no-break space keeps number and currency on one line."""
    number = format_amount(amount, lang)
    if lang == "en":
        return f"€{number}"
    if lang == "ar":
        return f"{number}\u00a0يورو"
    return f"{number}\u00a0€"


def format_number(value: float, lang: str) -> str:
    """A count or length from the facts: 2, 1.5 (en, ar), 1,5 (de, tr, uk)."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    text = f"{number.normalize():f}"
    return text.replace(".", ",") if lang in ("de", "tr", "uk") else text


# (singular, plural) per unit and language; Ukrainian has three forms (one, few, many) and
# Arabic uses the plural from 3 to 10 only.
UNITS: dict[str, dict[str, tuple[str, ...]]] = {
    "years": {
        "de": ("Jahr", "Jahre"),
        "en": ("year", "years"),
        "ar": ("سنة", "سنوات"),
        "uk": ("рік", "роки", "років", "року"),
        "tr": ("yıl", "yıl"),
    },
    "months": {
        "de": ("Monat", "Monate"),
        "en": ("month", "months"),
        "ar": ("شهر", "أشهر"),
        "uk": ("місяць", "місяці", "місяців", "місяця"),
        "tr": ("ay", "ay"),
    },
    "points": {
        "de": ("Punkt", "Punkte"),
        "en": ("point", "points"),
        "ar": ("نقطة", "نقاط"),
        "uk": ("бал", "бали", "балів", "бала"),
        "tr": ("puan", "puan"),
    },
}
FACT_UNITS = {
    "age": "years",
    "qualification.duration_years": "years",
    "experience_years_last_5": "years",
    "experience_years_last_7": "years",
    "job_offer.duration_months": "months",
    "stay_in_germany_months_last_5y": "months",
}


def with_unit(value: float, unit: str | None, lang: str) -> str:
    """``value`` with its unit in the right grammatical number: "1 year", "2,5 роки"."""
    number = format_number(value, lang)
    if unit is None:
        return number
    forms = UNITS[unit].get(lang) or UNITS[unit]["en"]
    whole = float(value) == int(value)
    if lang == "uk":
        if not whole:
            word = forms[3]
        elif int(value) % 10 == 1 and int(value) % 100 != 11:
            word = forms[0]
        elif 2 <= int(value) % 10 <= 4 and not 12 <= int(value) % 100 <= 14:
            word = forms[1]
        else:
            word = forms[2]
    elif lang == "ar":
        word = forms[1] if whole and 3 <= int(value) <= 10 else forms[0]
    else:
        word = forms[0] if whole and int(value) == 1 else forms[1]
    return f"{number}\u00a0{word}"


def render_text(text: dict[str, str], ctx: Context) -> str:
    value = localised(text, ctx.lang)
    if "{param:" not in value:
        return value

    def amount(match: re.Match[str]) -> str:
        found = ctx.kb.parameters[match.group(1)].at(ctx.facts.as_of)
        if found is None:
            return localised(ENGINE_TEXTS["amount_unknown"], ctx.lang)
        return format_amount(found.amount, ctx.lang)

    return PARAM_PLACEHOLDER.sub(amount, value)


MONTHS = {
    "en": (
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
    ),
    "ar": (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
}


def format_date(day: date, lang: str) -> str:
    """01.07.2024 (de, tr, uk), 1 July 2024 (en), 1 يوليو 2024 (ar)."""
    if lang in MONTHS:
        return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class RenderedPathway:
    """A pathway's texts in one language for one date (placeholders filled in)."""

    title: str
    summary: str
    labels: tuple[str, ...]
    # Per condition: (what it fits once done, the next step) when the condition can be a step
    # still to take, else None.
    steps: tuple[tuple[str, str] | None, ...]
    next_steps: tuple[str, ...]
    documents: tuple[str, ...]
    employer_duties: tuple[str, ...]
    costs: tuple[str, ...]
    durations: tuple[str, ...]
    discretionary_note: str | None


_RENDERED: dict[tuple[int, str, date], tuple[Any, dict[str, RenderedPathway]]] = {}


def rendered_pathways(ctx: Context) -> dict[str, RenderedPathway]:
    """The texts depend only on language and date: render them once per (language, date)."""
    key = (id(ctx.kb), ctx.lang, ctx.facts.as_of)
    cached = _RENDERED.get(key)
    if cached is not None and cached[0] is ctx.kb:
        return cached[1]
    rendered = {}
    for data in ctx.kb.pathways:
        note = data.get("discretionary_note")
        rendered[data["id"]] = RenderedPathway(
            title=localised(data["title"], ctx.lang),
            summary=render_text(data["summary"], ctx),
            labels=tuple(render_text(c["label"], ctx) for c in data["conditions"]),
            steps=tuple(
                (render_text(c["step"]["text"], ctx), render_text(c["step"]["next_step"], ctx))
                if "step" in c
                else None
                for c in data["conditions"]
            ),
            next_steps=tuple(render_text(item, ctx) for item in data["next_steps"]),
            documents=tuple(render_text(item, ctx) for item in data["documents"]),
            employer_duties=tuple(render_text(item, ctx) for item in data["employer_duties"]),
            costs=tuple(render_text(item, ctx) for item in data["costs"]),
            durations=tuple(render_text(item, ctx) for item in data["durations"]),
            discretionary_note=localised(note, ctx.lang)
            if data["discretionary"] and note
            else None,
        )
    if len(_RENDERED) > 512:
        _RENDERED.clear()
    _RENDERED[key] = (ctx.kb, rendered)
    return rendered
