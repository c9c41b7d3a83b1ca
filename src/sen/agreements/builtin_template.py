# ruff: noqa: E501 - the agreement texts are prose: one paragraph per line, as a school edits them
"""SEN's built-in praktijkovereenkomst: the text every school starts from, in Dutch and English.

The text follows DOMAIN.md ("The agreement"): the parties (school, company, student,
and a parent/guardian for a minor), the praktijkbegeleider and the school's teacher,
start and end date, total and weekly hours and working times, the keuzevak and the
programme, the school's final responsibility for assessment, insurance (WA cover, the
school's accident insurance, the company's liability under art. 7:658 BW), privacy
(AVG), the hazards and supervision the company declared, ending early, and signing.

The syntax is SEN's own small template language (`sen.agreements.services.template_text`):
`{{ name }}` inserts a fact as escaped text, a line holding only `{{ schedule_table }}`,
`{{ hazards_list }}` or `{{ signature_block }}` inserts a block SEN builds, and lines
between `{{#minor}}` and `{{/minor}}` (inline, or on lines of their own) appear only for a
student under 18 at the start (`adult`, `hazards`, `no_hazards` likewise; not nested). `#`/`##` start headings, `- ` and `1. `
list items, `**bold**` is bold; every other character is text. The Dutch text is the
one the parties sign; the English one is a rendering for information.

`LABELS` holds the few words SEN's own blocks and the PDF use, per document language:
they belong to the document (signed text), not to the user interface, so they do not
go through the translation catalogues.
"""

from __future__ import annotations

NAME_NL = "Praktijkovereenkomst hybride leren (SEN-standaard)"

BODY_NL = """\
# Praktijkovereenkomst hybride leren

Stageovereenkomst voor het volgen van (een deel van) een beroepsgericht keuzevak van het vmbo bij een leerbedrijf. Versie {{ agreement_version }}, opgesteld op {{ generated_on }}.

## Partijen

1. **De school**: {{ school_name }} (BRIN {{ school_brin }}), {{ school_address }}, hierna "de school";
2. **Het leerbedrijf**: {{ company_name }} (KvK {{ company_kvk }}), {{ company_address }}, hierna "het bedrijf";
3. **De leerling**: {{ student_name }}, {{ student_age }} jaar bij de start, leerlingnummer {{ student_number }}, klas {{ student_class }}, leerweg {{ student_track }}, hierna "de leerling";
{{#minor}}
4. **De ouder(s)/verzorger(s) van de leerling**: {{ guardian_names }}.
{{/minor}}

{{#minor}}
De leerling is bij de start van de praktijkperiode {{ student_age }} jaar en dus minderjarig. Daarom ondertekenen ook de ouder(s)/verzorger(s) deze overeenkomst.
{{/minor}}
{{#adult}}
De leerling is bij de start van de praktijkperiode {{ student_age }} jaar en ondertekent deze overeenkomst zelf.
{{/adult}}

## Artikel 1. Doel en inhoud

De leerling volgt het beroepsgerichte keuzevak **{{ elective_name }}** ({{ elective_code }}) geheel of gedeeltelijk bij het bedrijf, als onderdeel van het onderwijsprogramma van de school (hybride leren, schooljaar {{ school_year }}). Profiel van de leerling: {{ student_profile }}.

Programma bij het bedrijf: **{{ programme_title }}**.

{{ programme_description }}

De praktijkperiode is onderwijs. De leerling is geen werknemer van het bedrijf, ontvangt geen loon en er ontstaat geen arbeidsovereenkomst. Het bedrijf laat de leerling alleen werk doen dat past bij het keuzevak en bij de leeftijd van de leerling.

## Artikel 2. Begeleiding

- Praktijkbegeleider bij het bedrijf: **{{ supervisor_name }}** ({{ supervisor_email }}).
- Docent namens de school: **{{ teacher_name }}** ({{ teacher_email }}).

De praktijkbegeleider begeleidt de leerling op de werkplek, zorgt voor passend werk en voor toezicht, registreert de aanwezigheid, keurt de uren in het logboek goed en geeft de leerling feedback. De docent houdt contact met de leerling en de praktijkbegeleider, volgt de voortgang in SEN en bezoekt de werkplek als dat nodig is.

## Artikel 3. Duur, werktijden en uren

De praktijkperiode loopt van {{ starts_on }} tot en met {{ ends_on }} ({{ weeks }} weken). De leerling werkt bij {{ work_location }} volgens het weekrooster hieronder, op {{ working_days }}: **{{ weekly_hours }} uur per week** en **{{ total_hours }} uur in totaal** over de hele periode. Het totaal is berekend uit het weekrooster over alle weken van de periode; vakanties en vrije dagen volgens de jaarplanning van de school gaan daarvan af.

{{ schedule_table }}

{{#minor}}
Voor de leerling gelden de regels voor jeugdige werknemers uit de Arbeidstijdenwet en het Arbeidstijdenbesluit; schooltijd op dezelfde dag telt mee als werktijd. SEN heeft het rooster bij het opstellen van deze overeenkomst getoetst aan deze regels voor een leerling van {{ student_age }} jaar. Het bedrijf laat de leerling niet langer of op andere tijden werken dan in dit rooster staat.
{{/minor}}

Een wijziging van de periode, het rooster of de begeleiding kan alleen met een nieuwe versie van deze overeenkomst, die alle partijen opnieuw ondertekenen.

## Artikel 4. Beoordeling

De school blijft eindverantwoordelijk voor het onderwijsprogramma, de toetsing en de beoordeling van het keuzevak. Het keuzevak wordt afgesloten in het schoolexamen, volgens het programma van toetsing en afsluiting (PTA) van de school. De praktijkbegeleider beoordeelt het werk van de leerling op de criteria van het beoordelingsformulier en geeft feedback; de docent stelt het eindoordeel en het cijfer vast.

## Artikel 5. Veiligheid, risico's en toezicht

Het bedrijf zorgt voor een veilige en gezonde werkplek volgens de Arbeidsomstandighedenwet, met een risico-inventarisatie en -evaluatie (RI&E) die rekening houdt met jeugdige werknemers. Het bedrijf geeft de leerling vooraf voorlichting en instructie over het werk en de risico's, en stelt de nodige persoonlijke beschermingsmiddelen kosteloos ter beschikking. De leerling volgt de veiligheidsinstructies op.

{{#hazards}}
Het bedrijf verklaart dat bij het werk de volgende risico's aanwezig zijn:
{{/hazards}}
{{#no_hazards}}
Het bedrijf verklaart dat bij het werk geen van de risico's aanwezig is die voor jongeren verboden zijn of alleen onder toezicht zijn toegestaan.
{{/no_hazards}}

{{ hazards_list }}

Toezicht: het bedrijf laat de leerling werken **{{ supervision }}**.

{{#minor}}
De leerling doet geen werk dat voor jongeren onder 18 jaar verboden is (Arbobesluit, onder meer artikel 4.105: gevaarlijke stoffen; geen lawaai boven 85 dB(A)). Werk dat volgens het Arbobesluit alleen onder deskundig toezicht mag, doet de leerling alleen onder deskundig toezicht. Een leerling van 14 of 15 jaar doet alleen licht werk aan machines en alleen onder toezicht.
{{/minor}}

## Artikel 6. Aanwezigheid en ziekte

De leerling is op de afgesproken tijden aanwezig en houdt zich aan de huisregels van het bedrijf. Bij ziekte of andere afwezigheid meldt de leerling{{#minor}} (of een ouder/verzorger){{/minor}} dit vóór het begin van de werkdag bij de praktijkbegeleider én bij de school. Het bedrijf registreert de aanwezigheid in SEN; afwezigheid wordt dezelfde dag gemeld aan de docent en, bij een minderjarige leerling, aan de ouder(s)/verzorger(s).

## Artikel 7. Verzekeringen en aansprakelijkheid

- De school heeft een collectieve ongevallenverzekering en een aansprakelijkheidsverzekering (WA) die ook gelden tijdens de praktijkperiode, voor zover een schade niet door een andere verzekering wordt gedekt.
- De leerling, of bij een minderjarige leerling de ouder(s)/verzorger(s), heeft bij voorkeur een eigen aansprakelijkheidsverzekering voor particulieren (WA).
- Het bedrijf heeft een bedrijfsaansprakelijkheidsverzekering die ook schade dekt die door of aan leerlingen in de praktijkperiode ontstaat.
- Het bedrijf is tegenover de leerling aansprakelijk voor schade die de leerling bij het werk lijdt, zoals een werkgever dat is op grond van artikel 7:658 van het Burgerlijk Wetboek.
- Het bedrijf verhaalt schade die de leerling bij het werk veroorzaakt niet op de leerling, tenzij die het gevolg is van opzet of bewuste roekeloosheid (vergelijk artikel 7:661 Burgerlijk Wetboek).

## Artikel 8. Geheimhouding en privacy (AVG)

De leerling houdt vertrouwelijke informatie van het bedrijf geheim, ook na de praktijkperiode. Partijen verwerken persoonsgegevens van de leerling alleen voor de uitvoering van deze overeenkomst en het onderwijs, volgens de Algemene verordening gegevensbescherming (AVG). De school is verwerkingsverantwoordelijke voor de gegevens in SEN. Het bedrijf krijgt alleen de gegevens die het voor de begeleiding nodig heeft (naam, leeftijdscategorie, school en contactgegevens van de school) en bewaart ze niet langer dan nodig. Foto's en video's waarop de leerling herkenbaar is, worden alleen voor het logboek en het portfolio gemaakt en niet buiten SEN gedeeld zonder toestemming van de leerling, en bij een leerling jonger dan 16 jaar van de ouder(s)/verzorger(s).

## Artikel 9. Tussentijds beëindigen

De overeenkomst eindigt op de laatste dag van de praktijkperiode. Daarvóór kan zij schriftelijk (via SEN, met opgave van de reden) worden beëindigd:

- door de school, als de leerling de school verlaat of als de begeleiding, de veiligheid of de leersituatie bij het bedrijf onvoldoende is;
- door het bedrijf, na overleg met de school, als de leerling zich ernstig of herhaaldelijk niet aan de afspraken houdt, of als het bedrijf de begeleiding niet langer kan bieden;
- door de leerling{{#minor}} (met de ouder(s)/verzorger(s)){{/minor}}, na overleg met de school, om een gewichtige reden;
- door alle partijen samen.

Bij een onveilige situatie of ongewenst gedrag kunnen de school en het bedrijf de praktijkperiode direct onderbreken; wie dat doet, meldt het dezelfde dag aan de andere partijen. Bij beëindiging zorgt de school voor een passend vervolg, zodat de leerling het keuzevak kan afronden.

## Artikel 10. Wijzigingen, bewaren en geschillen

Een ondertekende versie wordt nooit gewijzigd: een wijziging is een nieuwe versie die alle partijen opnieuw ondertekenen, en de eerdere versie blijft met haar ondertekeningen bewaard. In gevallen waarin deze overeenkomst niet voorziet, beslist de school na overleg met de andere partijen. Op deze overeenkomst is Nederlands recht van toepassing.

## Ondertekening

Deze overeenkomst wordt digitaal ondertekend in SEN. Van iedere ondertekening worden de naam, de partij, de manier van identificeren, het tijdstip en de SHA-256-vingerafdruk van deze tekst vastgelegd. Na de laatste ondertekening ontvangen alle partijen deze overeenkomst als PDF met een ondertekeningspagina; met die PDF kan iedereen in SEN controleren of het document ongewijzigd is.

{{ signature_block }}
"""

BODY_EN = """\
# Work placement agreement for hybrid learning

Agreement for taking (part of) a vocational elective (keuzevak) of the vmbo at a training company. Version {{ agreement_version }}, drawn up on {{ generated_on }}.

## Parties

1. **The school**: {{ school_name }} (BRIN {{ school_brin }}), {{ school_address }}, "the school";
2. **The training company**: {{ company_name }} (KvK {{ company_kvk }}), {{ company_address }}, "the company";
3. **The student**: {{ student_name }}, aged {{ student_age }} at the start, student number {{ student_number }}, class {{ student_class }}, track {{ student_track }}, "the student";
{{#minor}}
4. **The student's parent(s)/guardian(s)**: {{ guardian_names }}.
{{/minor}}

{{#minor}}
The student is {{ student_age }} at the start of the placement and therefore a minor. The parent(s)/guardian(s) therefore sign this agreement as well.
{{/minor}}
{{#adult}}
The student is {{ student_age }} at the start of the placement and signs this agreement themselves.
{{/adult}}

## Article 1. Purpose and content

The student takes the vocational elective **{{ elective_name }}** ({{ elective_code }}) wholly or partly at the company, as part of the school's curriculum (hybrid learning, school year {{ school_year }}). The student's profile: {{ student_profile }}.

Programme at the company: **{{ programme_title }}**.

{{ programme_description }}

The placement is education. The student is not an employee of the company, receives no wages, and no employment contract arises. The company gives the student only work that fits the elective and the student's age.

## Article 2. Supervision

- Workplace supervisor (praktijkbegeleider) at the company: **{{ supervisor_name }}** ({{ supervisor_email }}).
- Teacher for the school: **{{ teacher_name }}** ({{ teacher_email }}).

The workplace supervisor guides the student at work, provides suitable work and supervision, records attendance, approves the hours in the logbook and gives the student feedback. The teacher keeps in touch with the student and the workplace supervisor, follows progress in SEN and visits the workplace when needed.

## Article 3. Period, working times and hours

The placement runs from {{ starts_on }} up to and including {{ ends_on }} ({{ weeks }} weeks). The student works at {{ work_location }} according to the weekly schedule below, on {{ working_days }}: **{{ weekly_hours }} hours a week** and **{{ total_hours }} hours in total** over the whole period. The total is calculated from the weekly schedule over every week of the period; holidays and days off in the school's calendar are deducted from it.

{{ schedule_table }}

{{#minor}}
The rules for young workers of the Working Hours Act (Arbeidstijdenwet) and the Working Hours Decree apply to the student; school time on the same day counts as working time. SEN checked the schedule against these rules for a student aged {{ student_age }} when this agreement was drawn up. The company does not let the student work longer or at other times than this schedule says.
{{/minor}}

The period, the schedule or the supervision can only be changed by a new version of this agreement, which all parties sign again.

## Article 4. Assessment

The school keeps final responsibility for the curriculum, the testing and the assessment of the elective. The elective is completed in the school exam, under the school's programme of testing and completion (PTA). The workplace supervisor assesses the student's work on the criteria of the assessment form and gives feedback; the teacher decides the final assessment and the grade.

## Article 5. Safety, hazards and supervision

The company provides a safe and healthy workplace under the Working Conditions Act (Arbeidsomstandighedenwet), with a risk inventory and evaluation (RI&E) that takes young workers into account. The company informs and instructs the student about the work and its risks beforehand, and provides the necessary personal protective equipment free of charge. The student follows the safety instructions.

{{#hazards}}
The company declares that the work involves the following hazards:
{{/hazards}}
{{#no_hazards}}
The company declares that the work involves none of the hazards that are forbidden for young people or allowed only under supervision.
{{/no_hazards}}

{{ hazards_list }}

Supervision: the company lets the student work **{{ supervision }}**.

{{#minor}}
The student does no work that is forbidden for young people under 18 (Working Conditions Decree, among others article 4.105: dangerous substances; no noise above 85 dB(A)). Work that the Working Conditions Decree allows only under expert supervision, the student does only under expert supervision. A student aged 14 or 15 does only light work with machines, and only under supervision.
{{/minor}}

## Article 6. Attendance and illness

The student is present at the agreed times and follows the company's rules. In case of illness or other absence, the student{{#minor}} (or a parent/guardian){{/minor}} reports this before the working day starts to the workplace supervisor and to the school. The company records attendance in SEN; absence is reported the same day to the teacher and, for a minor, to the parent(s)/guardian(s).

## Article 7. Insurance and liability

- The school has a collective accident insurance and a liability insurance (WA) that also apply during the placement, insofar as the damage is not covered by another insurance.
- The student, or for a minor the parent(s)/guardian(s), preferably has a personal liability insurance (WA).
- The company has a business liability insurance that also covers damage caused by or to students during the placement.
- The company is liable towards the student for damage the student suffers at work, as an employer is under article 7:658 of the Dutch Civil Code (Burgerlijk Wetboek).
- The company does not recover from the student damage the student causes at work, unless it results from intent or deliberate recklessness (compare article 7:661 of the Dutch Civil Code).

## Article 8. Confidentiality and privacy (GDPR)

The student keeps the company's confidential information secret, also after the placement. The parties process the student's personal data only to carry out this agreement and the education, in accordance with the General Data Protection Regulation (GDPR/AVG). The school is the controller of the data in SEN. The company receives only the data it needs for the supervision (name, age band, school and the school's contact details) and keeps them no longer than necessary. Photos and videos in which the student can be recognised are made only for the logbook and the portfolio, and are not shared outside SEN without the consent of the student, and for a student under 16 of the parent(s)/guardian(s).

## Article 9. Ending early

The agreement ends on the last day of the placement. Before then it can be ended in writing (in SEN, with the reason):

- by the school, if the student leaves the school or if the supervision, the safety or the learning situation at the company is insufficient;
- by the company, after consulting the school, if the student seriously or repeatedly fails to keep to the agreements, or if the company can no longer provide the supervision;
- by the student{{#minor}} (with the parent(s)/guardian(s)){{/minor}}, after consulting the school, for a serious reason;
- by all parties together.

In an unsafe situation or in case of undesirable behaviour, the school and the company may interrupt the placement at once; whoever does so informs the other parties the same day. When the agreement ends early, the school arranges a suitable follow-up so that the student can complete the elective.

## Article 10. Changes, keeping and disputes

A signed version is never changed: a change is a new version that all parties sign again, and the earlier version is kept with its signatures. In cases this agreement does not provide for, the school decides after consulting the other parties. This agreement is governed by Dutch law.

## Signatures

This agreement is signed digitally in SEN. For every signature SEN records the name, the party, how the signer was identified, the time and the SHA-256 fingerprint of this text. After the last signature all parties receive this agreement as a PDF with a signature page; anyone can check in SEN with that PDF that the document is unchanged.

{{ signature_block }}
"""

# Words of SEN's own blocks and of the PDF, per document language (see the module docstring).
LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "day": "Dag",
        "start": "Begin",
        "end": "Einde",
        "break": "Pauze",
        "hours": "Uren",
        "minutes": "min",
        "week_total": "Per week",
        "no_schedule": "Er is geen weekrooster vastgelegd.",
        "no_hazards": "Geen.",
        "signs_for_school": "namens de school",
        "signs_for_company": "namens het bedrijf",
        "signer_student": "De leerling",
        "signer_guardian": "Ouder/verzorger",
        "signer_school": "De school",
        "signer_company": "Het bedrijf",
        "unknown": "nog niet bekend",
        "none": "geen",
        "and": "en",
        "page": "pagina",
        "of": "van",
        "title": "Praktijkovereenkomst",
        "version": "versie",
        "signature_page": "Ondertekeningspagina",
        "signature_intro": (
            "Deze pagina hoort bij de praktijkovereenkomst hiervoor. Iedere partij heeft de "
            "tekst met onderstaande SHA-256-vingerafdruk digitaal ondertekend in SEN."
        ),
        "document_hash": "SHA-256 van de ondertekende tekst",
        "signed_at": "Tijdstip (UTC)",
        "party": "Partij",
        "role": "Rol",
        "method": "Identificatie",
        "ip": "IP-adres",
        "user_agent": "Browser",
        "email": "E-mail",
        "all_signed": "Door alle partijen ondertekend op",
        "verify_hint": (
            "Controleer of deze PDF ongewijzigd is: upload hem in SEN bij 'Overeenkomst "
            "controleren', of laat de beheerder 'python -m sen verify_agreement' gebruiken."
        ),
        "unsigned_note": (
            "Concept ter ondertekening: deze versie is nog niet door alle partijen ondertekend."
        ),
        "signature_of": "Handtekening",
        "signed_text": "Getekende tekst",
        "unsigned_evidence": "-",
    },
    "en": {
        "day": "Day",
        "start": "Start",
        "end": "End",
        "break": "Break",
        "hours": "Hours",
        "minutes": "min",
        "week_total": "A week",
        "no_schedule": "No weekly schedule was recorded.",
        "no_hazards": "None.",
        "signs_for_school": "for the school",
        "signs_for_company": "for the company",
        "signer_student": "The student",
        "signer_guardian": "Parent/guardian",
        "signer_school": "The school",
        "signer_company": "The company",
        "unknown": "not yet known",
        "none": "none",
        "and": "and",
        "page": "page",
        "of": "of",
        "title": "Work placement agreement",
        "version": "version",
        "signature_page": "Signature page",
        "signature_intro": (
            "This page belongs to the work placement agreement before it. Every party signed "
            "the text with the SHA-256 fingerprint below digitally in SEN."
        ),
        "document_hash": "SHA-256 of the signed text",
        "signed_at": "Time (UTC)",
        "party": "Party",
        "role": "Role",
        "method": "Identification",
        "ip": "IP address",
        "user_agent": "Browser",
        "email": "E-mail",
        "all_signed": "Signed by every party on",
        "verify_hint": (
            "Check that this PDF is unchanged: upload it in SEN under 'Check an agreement', "
            "or ask the administrator to run 'python -m sen verify_agreement'."
        ),
        "unsigned_note": "Draft for signing: not every party has signed this version yet.",
        "signature_of": "Signature",
        "signed_text": "Signed text",
        "unsigned_evidence": "-",
    },
}

MONTHS: dict[str, tuple[str, ...]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
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
}

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

# Hazards and supervision in the document's words (the codes are sen.core.worktime's).
HAZARDS: dict[str, dict[str, str]] = {
    "nl": {
        "dangerous_substances": (
            "werken met giftige, kankerverwekkende of sensibiliserende stoffen of "
            "bestrijdingsmiddelen"
        ),
        "biological_agents": "werken met bacteriën of virussen van categorie 3 of 4",
        "noise_above_85_dba": "lawaai boven 85 dB(A)",
        "vibration": "sterke trillingen (trillend gereedschap of voertuigen)",
        "corrosive_or_explosive": (
            "werken met bijtende, irriterende of explosieve stoffen of gassen onder druk"
        ),
        "machines": "werken met of bij machines",
        "heights": "werken op hoogte (valgevaar)",
        "vehicles": "rijden met trekkers, heftrucks of andere voertuigen",
        "dangerous_animals": "werken met gevaarlijke dieren",
    },
    "en": {
        "dangerous_substances": (
            "work with toxic, carcinogenic or sensitising substances or pesticides"
        ),
        "biological_agents": "work with bacteria or viruses of category 3 or 4",
        "noise_above_85_dba": "noise above 85 dB(A)",
        "vibration": "strong vibrations (vibrating tools or vehicles)",
        "corrosive_or_explosive": (
            "work with corrosive, irritant or explosive substances or pressurised gases"
        ),
        "machines": "work with or near machines",
        "heights": "work at height (risk of falling)",
        "vehicles": "driving tractors, forklifts or other vehicles",
        "dangerous_animals": "work with dangerous animals",
    },
}

SUPERVISION: dict[str, dict[str, str]] = {
    "nl": {
        "none": "zonder toezicht",
        "supervised": "onder toezicht van de praktijkbegeleider",
        "expert": "onder deskundig toezicht",
    },
    "en": {
        "none": "without supervision",
        "supervised": "under the supervision of the workplace supervisor",
        "expert": "under expert supervision (deskundig toezicht)",
    },
}

TRACKS: dict[str, dict[str, str]] = {
    "nl": {
        "BB": "basisberoepsgericht (BB)",
        "KB": "kaderberoepsgericht (KB)",
        "GL": "gemengd (GL)",
        "TL": "theoretisch (TL)",
    },
    "en": {
        "BB": "basic vocational (BB)",
        "KB": "advanced vocational (KB)",
        "GL": "combined (GL)",
        "TL": "theoretical (TL)",
    },
}

AUTH_METHODS: dict[str, dict[str, str]] = {
    "nl": {
        "login": "ingelogd met wachtwoord",
        "login_mfa": "ingelogd met wachtwoord en tweestapsverificatie",
        "email_code": "link per e-mail en eenmalige code naar hetzelfde adres",
    },
    "en": {
        "login": "signed in with password",
        "login_mfa": "signed in with password and two-factor code",
        "email_code": "e-mail link and one-time code sent to that address",
    },
}

PARTIES: dict[str, dict[str, str]] = {
    "nl": {
        "student": "leerling",
        "guardian": "ouder/verzorger",
        "school": "school",
        "company": "bedrijf",
    },
    "en": {
        "student": "student",
        "guardian": "parent/guardian",
        "school": "school",
        "company": "company",
    },
}
