"""A school's agreement templates: start from SEN's text, save new versions, pick the default.

A `TemplateVersion` is never edited: saving a template saves version n+1, so every
agreement keeps pointing at the exact text it was generated from. The texts are
checked by the template language (`template_text.validate`) before they are stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sen.agreements import builtin_template
from sen.agreements.models import AgreementTemplate, TemplateVersion
from sen.agreements.services.template_text import validate
from sen.audit.services import record
from sen.core.actor import Actor
from sen.network.models import School


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError({"name": _("Give the template a name.")}, code="name")
    if len(cleaned) > 200:
        raise ValidationError({"name": _("A name has at most 200 characters.")}, code="name")
    return cleaned


def _check_bodies(body_nl: str, body_en: str) -> tuple[str, str]:
    errors: dict[str, list[ValidationError]] = {}
    texts: dict[str, str] = {}
    for field, body in (("body_nl", body_nl), ("body_en", body_en)):
        try:
            texts[field] = validate(body)
        except ValidationError as exc:
            errors[field] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return texts["body_nl"], texts["body_en"]


def create_from_builtin(
    *, actor: Actor | None, school: School, name: str = ""
) -> AgreementTemplate:
    """A new template of `school` with SEN's built-in text as version 1.

    The school's first template becomes its default.
    """
    with transaction.atomic():
        School.objects.select_for_update().filter(pk=school.pk).first()
        first = not AgreementTemplate.objects.filter(school=school).exists()
        template = AgreementTemplate.objects.create(
            school=school,
            name=_clean_name(name or builtin_template.NAME_NL),
            is_default=first,
        )
        body_nl, body_en = _check_bodies(builtin_template.BODY_NL, builtin_template.BODY_EN)
        version = TemplateVersion.objects.create(
            template=template,
            number=1,
            body_nl=body_nl,
            body_en=body_en,
            created_by_id=actor.user_id if actor else None,
        )
        record(
            "agreements.template.created",
            actor=actor,
            obj=template,
            school_id=school.pk,
            changes={"name": template.name, "version": version.number, "default": first},
        )
    return template


def save_version(
    *, actor: Actor, template: AgreementTemplate, name: str, body_nl: str, body_en: str
) -> TemplateVersion:
    """Save the texts as the template's next version (unless nothing changed)."""
    clean_name = _clean_name(name)
    body_nl, body_en = _check_bodies(body_nl, body_en)
    with transaction.atomic():
        locked = AgreementTemplate.objects.select_for_update().get(pk=template.pk)
        latest = locked.versions.order_by("-number").first()
        if (
            latest is not None
            and latest.body_nl == body_nl
            and latest.body_en == body_en
            and locked.name == clean_name
        ):
            raise ValidationError(_("Nothing changed: the texts and the name are the same."))
        changes: dict[str, object] = {}
        if locked.name != clean_name:
            changes["name"] = [locked.name, clean_name]
            locked.name = clean_name
            locked.save(update_fields=["name", "updated_at"])
        if latest is not None and latest.body_nl == body_nl and latest.body_en == body_en:
            version = latest
        else:
            number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            version = TemplateVersion.objects.create(
                template=locked,
                number=number,
                body_nl=body_nl,
                body_en=body_en,
                created_by_id=actor.user_id,
            )
            changes["version"] = number
        record(
            "agreements.template.version_saved",
            actor=actor,
            obj=locked,
            school_id=locked.school_id,
            changes=changes,
        )
    template.refresh_from_db()
    return version


def make_default(*, actor: Actor, template: AgreementTemplate) -> AgreementTemplate:
    """Use `template` for the school's new agreements from now on."""
    with transaction.atomic():
        locked = AgreementTemplate.objects.select_for_update().get(pk=template.pk)
        if locked.is_default:
            return locked
        previous = AgreementTemplate.objects.filter(school_id=locked.school_id, is_default=True)
        previous_names = list(previous.values_list("name", flat=True))
        previous.update(is_default=False)
        locked.is_default = True
        locked.save(update_fields=["is_default", "updated_at"])
        record(
            "agreements.template.made_default",
            actor=actor,
            obj=locked,
            school_id=locked.school_id,
            changes={"default": [", ".join(previous_names), locked.name]},
        )
    template.refresh_from_db()
    return locked


def default_version(*, school: School, actor: Actor | None) -> TemplateVersion:
    """The latest version of the school's default template; a school without any template
    gets one made from SEN's built-in text (audited as agreements.template.created)."""

    def find() -> AgreementTemplate | None:
        return (
            AgreementTemplate.objects.filter(school=school)
            .order_by("-is_default", "name", "pk")
            .first()
        )

    template = find()
    if template is None:
        with transaction.atomic():
            # Two agreements of a school without a template at once make one template.
            School.objects.select_for_update().filter(pk=school.pk).first()
            template = find() or create_from_builtin(actor=actor, school=school)
    version = template.versions.order_by("-number").first()
    if version is None:  # a template row without text: give it SEN's text
        version = TemplateVersion.objects.create(
            template=template,
            number=1,
            body_nl=validate(builtin_template.BODY_NL),
            body_en=validate(builtin_template.BODY_EN),
            created_by_id=actor.user_id if actor else None,
        )
    return version
