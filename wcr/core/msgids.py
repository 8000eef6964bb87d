"""Message ids the sources do not name literally, so that `make messages` (makemessages
--no-obsolete) keeps their translations: Django's and allauth's own strings the platform words
differently in German (Sie, not du), and strings of earlier releases still stored in audit
entries and sessions. Never imported: makemessages reads it."""

from django.utils.translation import gettext_noop

# The counselling topics' names (stored in the database, translated where shown).
TOPICS = (
    gettext_noop("Recruitment and immigration"),
    gettext_noop("Recognition of foreign qualifications"),
    gettext_noop("Employment"),
    gettext_noop("Social integration"),
    gettext_noop("Vocational training"),
    gettext_noop("Business founding and takeover"),
)

MSGIDS = (
    gettext_noop("Staff of your organisation"),
    gettext_noop("min."),
    gettext_noop("due"),
    gettext_noop("match %(score)s"),
    gettext_noop(
        "Open the existing record instead, or confirm below that this is a different person."
    ),
    gettext_noop("This is a different person: create a new record"),
    gettext_noop("Name (any spelling or script), email, phone or case code"),
    gettext_noop("Question %(number)s of about %(total)s"),
    gettext_noop(
        "This platform aims to meet the Web Content Accessibility Guidelines (WCAG) 2.1 level AA and the German BITV 2.0. Every page is checked automatically with axe-core in a real browser before each release."
    ),
    gettext_noop(
        "If you find a barrier, please tell your counselling location; we will answer within two weeks."
    ),
    gettext_noop(
        "Free counselling for small and medium-sized enterprises and international skilled workers: recruitment and immigration, recognition of qualifications, residence, employment and integration."
    ),
    gettext_noop("For companies"),
    gettext_noop(
        "How to recruit from abroad, which residence title and which recognition a candidate needs, and what the employer has to do – from the first question to the first working day."
    ),
    gettext_noop("For skilled workers"),
    gettext_noop(
        "Advice on working in the region, recognition of your qualification, residence and settling in – in several languages."
    ),
    gettext_noop(
        "Provider: %(lead)s, lead partner of the Welcome Center KMU – Rheinisches Revier."
    ),
    gettext_noop("The locations were saved."),
    gettext_noop("Done on: please enter a valid date."),
    gettext_noop("Not the same person?"),
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Username can not be used. Please use other username."),
    gettext_noop("Please select only one."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("You must type the same email each time."),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop("Your password has been changed."),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password reset for your user account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset your password."
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
    gettext_noop("- Select an option -"),
    gettext_noop("Document “%(name)s” removed by %(actor)s"),
    gettext_noop("Request counselling for a company"),
    gettext_noop("Request counselling as a skilled worker"),
    gettext_noop("Request from the portal received and routed by %(actor)s"),
    gettext_noop("Old requests deleted"),
)
