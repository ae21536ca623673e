"""Forms for a framework change (issue 21, item 2): the priorities -- goal, themes, order -- and the decision.

The forms replace the YAML text of the web page; YAML import and export stay for the command line. A change is
stored by :func:`.versioning.record_priorities_change`, which validates it like a framework file.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DecisionBody, Theme
from .versioning import FrameworkEditError, framework_document, record_priorities_change

__all__ = ["DecisionForm", "PriorityForm", "PriorityFormSet", "handle_change"]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DecisionForm(forms.Form):
    """The council or college decision that made the change."""

    date = forms.DateField(label=gettext_lazy("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    body = forms.ChoiceField(label=gettext_lazy("Decided by"), choices=DecisionBody.choices)
    document_reference = forms.CharField(
        label=gettext_lazy("Decision reference"), max_length=300,
        help_text=gettext_lazy("Raadsvoorstel, collegebesluit or letter number, e.g. Raadsbesluit 2024-117."),
    )
    document_url = forms.URLField(
        label=gettext_lazy("Link to the decision"), required=False, max_length=500, assume_scheme="https",
        help_text=gettext_lazy("Where the decision is published, e.g. the raadsinformatiesysteem."),
    )
    reason = forms.CharField(
        label=gettext_lazy("What the decision changes"), widget=forms.Textarea(attrs={"rows": 3}),
    )


def _theme_choices():
    groups: dict[str, list] = {}
    names = {}
    for theme in Theme.objects.select_related("parent").order_by("order"):
        if theme.parent is None:
            names[theme.code] = theme.name
        else:
            groups.setdefault(theme.parent.code, []).append((theme.code, theme.name))
    return [(names.get(code, code), choices) for code, choices in groups.items()]


def _group_choices():
    return [(t.code, t.name) for t in Theme.objects.groups().order_by("order")]


class PriorityForm(forms.Form):
    """One priority: its theme group, title, goal (ambition), reasons, actions and themes in focus."""

    code = forms.ChoiceField(label=gettext_lazy("Theme group"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    ambition = forms.CharField(label=gettext_lazy("Goal (ambition)"), widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(
        label=gettext_lazy("Why (one reason per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )
    actions = forms.CharField(
        label=gettext_lazy("How we get there (one action per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    themes = forms.MultipleChoiceField(label=gettext_lazy("Themes in focus"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, group_choices=(), theme_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "---------")] + list(group_choices)
        self.fields["themes"].choices = theme_choices

    def themes_summary(self) -> str:
        """The names of the ticked themes, for the folded list's summary."""
        ticked = set(self["themes"].value() or [])
        return ", ".join(label for _group, options in self.fields["themes"].choices
                         for value, label in options if value in ticked)

    def as_priority(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"], "title": data["title"].strip(), "ambition": data["ambition"].strip(),
            "reasons": _lines(data["reasons"]), "actions": _lines(data["actions"]), "themes": list(data["themes"]),
        }


class _BasePriorityFormSet(forms.BaseFormSet):
    def __init__(self, *args, framework, **kwargs):
        self.framework = framework
        self._groups, self._themes = _group_choices(), _theme_choices()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"group_choices": self._groups, "theme_choices": self._themes}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("Position")
            form.fields["ORDER"].help_text = _("Priorities are shown in the order of these numbers.")
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this priority")

    def clean(self):
        if any(self.errors) or self.non_form_errors() or not self.management_form.is_valid():
            return
        codes = [p["code"] for p in self.priorities()]
        doubles = sorted({c for c in codes if codes.count(c) > 1})
        if doubles:
            raise forms.ValidationError(_("Each theme group can be one priority only: %(codes)s.")
                                        % {"codes": ", ".join(doubles)})
        if not codes:
            raise forms.ValidationError(_("A framework needs at least one priority."))
        budgeted = {line.get("priority") for line in self.framework.content.get("finances", [])} - {None}
        removed = sorted(budgeted - set(codes))
        if removed:
            raise forms.ValidationError(_(
                "The finances of the framework name %(codes)s; a priority with a budget line cannot be removed here "
                "(change the framework file with the command line)."
            ) % {"codes": ", ".join(removed)})

    def priorities(self) -> list[dict]:
        """The priorities kept, in their new order (ties keep the old order)."""
        return [f.as_priority() for f in self.ordered_forms if f.cleaned_data.get("code")]


PriorityFormSet = forms.formset_factory(
    PriorityForm, formset=_BasePriorityFormSet, extra=1, can_order=True, can_delete=True,
)


def _initial(framework) -> list[dict]:
    return [
        {"code": p["code"], "title": p["title"], "ambition": p["ambition"], "reasons": "\n".join(p["reasons"]),
         "actions": "\n".join(p["actions"]), "themes": list(p["themes"]), "ORDER": index + 1}
        for index, p in enumerate(framework_document(framework)["priorities"])
    ]


def handle_change(request, framework):
    """The change forms of ``framework`` for a GET or POST; returns ``(formset, decision, new_version)`` where
    ``new_version`` is the stored version after a valid POST, else None."""
    data = request.POST if request.method == "POST" else None
    formset = PriorityFormSet(data, initial=_initial(framework), framework=framework, prefix="prioriteit")
    decision = DecisionForm(data, prefix="besluit")
    if data is None or not (formset.is_valid() and decision.is_valid()):
        return formset, decision, None
    try:
        new = record_priorities_change(framework, formset.priorities(), actor=request.user, **decision.cleaned_data)
    except FrameworkEditError as error:
        if "the same as version" in str(error):
            formset._non_form_errors = formset.error_class([_("Nothing was changed: the priorities are the same as "
                                                              "in the current version.")])
        elif "not the newest" in str(error):
            formset._non_form_errors = formset.error_class([_("Someone stored a newer version meanwhile; open the "
                                                              "page again and make the change there.")])
        else:
            formset._non_form_errors = formset.error_class(
                [_("The change cannot be stored: %(detail)s") % {"detail": error}])
        return formset, decision, None
    return formset, decision, new
