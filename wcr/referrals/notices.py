"""The consent purposes and notice texts the platform ships with (loaded by migration 0002 and
``seed_referrals_demo``; a network adds its own in the administration).

Each notice names the controller's duty under Art. 7(3) GDPR: withdrawal at any time, as easy as
giving, without effect on what was lawful before.
"""

from __future__ import annotations

import datetime
from typing import Any

NOTICE_VERSION = "2026-12"
NOTICE_PUBLISHED = datetime.date(2026, 12, 1)

PURPOSES: list[dict[str, Any]] = [
    {
        "slug": "share_with_organisation",
        "name_de": "Weitergabe an eine Partnerorganisation des Netzwerks",
        "name_en": "Sharing with a partner organisation of the network",
        "needs_recipient": True,
        "valid_months": 12,
        "position": 1,
    },
    {
        "slug": "six_month_follow_up",
        "name_de": "Nachbefragung nach sechs Monaten (ESF Plus)",
        "name_en": "Six-month follow-up (ESF Plus)",
        "needs_recipient": False,
        "valid_months": 12,
        "position": 2,
    },
]

TEXTS: dict[str, dict[str, str]] = {
    "share_with_organisation": {
        "de": (
            "Ich willige ein, dass die beratende Organisation des Welcome Center KMU – "
            "Rheinisches Revier die ausgewählten Angaben zu meiner Beratung (Name, Kontakt, "
            "Stand der Beratung und die ausgewählten Unterlagen) an die genannte "
            "Partnerorganisation weitergibt, damit diese mich weiter berät. Die Einwilligung "
            "gilt zwölf Monate. Ich kann sie jederzeit ohne Angabe von Gründen widerrufen – "
            "mündlich, telefonisch, schriftlich oder per E-Mail; der Widerruf wirkt sofort und "
            "berührt nicht, was bis dahin rechtmäßig geschah (Art. 7 Abs. 3 DSGVO)."
        ),
        "en": (
            "I consent to the counselling organisation of the Welcome Center KMU – Rheinisches "
            "Revier passing the selected details of my counselling (name, contact details, the "
            "state of the counselling and the selected documents) to the named partner "
            "organisation so that it can counsel me further. The consent is valid for twelve "
            "months. I can withdraw it at any time without giving reasons – in person, by phone, "
            "in writing or by e-mail; withdrawal takes effect at once and does not affect what "
            "was lawful before (Art. 7(3) GDPR)."
        ),
        "ar": (
            "أوافق على أن تنقل المؤسسة الاستشارية في مركز الترحيب للشركات الصغيرة والمتوسطة – "
            "منطقة الراين البيانات المختارة عن استشارتي (الاسم وبيانات الاتصال ومرحلة الاستشارة "
            "والمستندات المختارة) إلى المؤسسة الشريكة المذكورة لكي تواصل تقديم الاستشارة لي. "
            "تسري الموافقة اثني عشر شهرًا. يمكنني سحبها في أي وقت دون ذكر الأسباب – شفهيًا أو "
            "هاتفيًا أو كتابيًا أو بالبريد الإلكتروني؛ ويسري السحب فورًا ولا يمس ما تم بشكل "
            "قانوني قبله (المادة 7 الفقرة 3 من اللائحة العامة لحماية البيانات)."
        ),
        "uk": (
            "Я погоджуюся, щоб консультаційна організація Welcome Center KMU – Rheinisches "
            "Revier передала вибрані відомості про мою консультацію (ім'я, контактні дані, стан "
            "консультації та вибрані документи) названій партнерській організації, щоб вона "
            "консультувала мене далі. Згода діє дванадцять місяців. Я можу будь-коли відкликати "
            "її без пояснення причин – усно, телефоном, письмово або електронною поштою; "
            "відкликання діє одразу й не зачіпає того, що було правомірним до нього (ст. 7 ч. 3 "
            "GDPR)."
        ),
        "tr": (
            "Welcome Center KMU – Rheinisches Revier'in danışmanlık kuruluşunun, danışmanlığıma "
            "ilişkin seçilen bilgileri (ad, iletişim bilgileri, danışmanlığın durumu ve seçilen "
            "belgeler) bana danışmanlık yapmaya devam etmesi için adı geçen ortak kuruluşa "
            "iletmesine onay veriyorum. Onay on iki ay geçerlidir. Onayımı istediğim zaman "
            "gerekçe göstermeden geri alabilirim – sözlü, telefonla, yazılı veya e-postayla; geri "
            "alma hemen geçerli olur ve öncesinde hukuka uygun olarak yapılanları etkilemez "
            "(GVKT md. 7 f. 3)."
        ),
    },
    "six_month_follow_up": {
        "de": (
            "Ich willige ein, dass mich die beratende Organisation sechs Monate nach dem Ende "
            "der Beratung per E-Mail oder Telefon nach meiner beruflichen Situation fragt "
            "(Nachbefragung für das ESF-Plus-Programm). Ich kann die Einwilligung jederzeit "
            "widerrufen; der Widerruf wirkt sofort (Art. 7 Abs. 3 DSGVO)."
        ),
        "en": (
            "I consent to the counselling organisation asking me about my work situation by "
            "e-mail or phone six months after the counselling ended (follow-up for the ESF Plus "
            "programme). I can withdraw this consent at any time; withdrawal takes effect at "
            "once (Art. 7(3) GDPR)."
        ),
        "ar": (
            "أوافق على أن تسألني المؤسسة الاستشارية بعد ستة أشهر من انتهاء الاستشارة عبر البريد "
            "الإلكتروني أو الهاتف عن وضعي المهني (استطلاع متابعة لبرنامج الصندوق الاجتماعي "
            "الأوروبي بلس). يمكنني سحب الموافقة في أي وقت؛ ويسري السحب فورًا (المادة 7 الفقرة 3 "
            "من اللائحة العامة لحماية البيانات)."
        ),
        "uk": (
            "Я погоджуюся, щоб консультаційна організація через шість місяців після завершення "
            "консультації запитала мене електронною поштою або телефоном про мою професійну "
            "ситуацію (опитування для програми ESF Plus). Я можу будь-коли відкликати згоду; "
            "відкликання діє одразу (ст. 7 ч. 3 GDPR)."
        ),
        "tr": (
            "Danışmanlık kuruluşunun, danışmanlığın bitiminden altı ay sonra e-posta veya "
            "telefonla mesleki durumumu sormasına (ESF Plus programı için takip anketi) onay "
            "veriyorum. Onayımı istediğim zaman geri alabilirim; geri alma hemen geçerli olur "
            "(GVKT md. 7 f. 3)."
        ),
    },
}


def load_purposes_and_notices(purpose_model: Any, notice_model: Any) -> None:
    """Create or update the shipped purposes and their notices (idempotent)."""
    for row in PURPOSES:
        purpose, _created = purpose_model.objects.update_or_create(
            slug=row["slug"], defaults={k: v for k, v in row.items() if k != "slug"}
        )
        for language, text in TEXTS[row["slug"]].items():
            notice_model.objects.update_or_create(
                purpose=purpose,
                version=NOTICE_VERSION,
                language=language,
                defaults={"text": text, "published_on": NOTICE_PUBLISHED},
            )
