"""Erasing an assessment on the person's request, from its admin page.

Leads and superusers only (the "Can erase an assessment on request"
permission). Two posted steps: the reason, then a confirmation that shows it
again; only the second erases. The removal is intake.removal's, the same as
the retention purge's, and one audit row records who, when, why and which
record.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from intake import removal
from intake.models import Assessment
from intake.staff.forms import EraseForm

CONFIRM = "yes"


class EraseMixin:
    erase_template = "admin/intake/assessment/erase.html"

    def erase_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if not request.user.has_perm(removal.ERASE_PERMISSION):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        confirming = False
        if request.method == "POST":
            form = EraseForm(request.POST)
            if form.is_valid():
                if request.POST.get("confirm") == CONFIRM:
                    return self._erase(request, obj, form.cleaned_data["reason"])
                confirming = True
        else:
            form = EraseForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase assessment %(id)s") % {"id": obj.pk},
            "opts": self.opts,
            "original": obj,
            "change_url": reverse(
                "admin:intake_assessment_change", args=[quote(obj.pk)]
            ),
            "form": form,
            "confirming": confirming,
            "confirm": CONFIRM,
        }
        return TemplateResponse(request, self.erase_template, context)

    def _erase(self, request: HttpRequest, obj: Assessment, reason: str):
        try:
            removal.assessment_erase(
                assessment_id=obj.pk, actor=request.user, reason=reason, request=request
            )
        except Assessment.DoesNotExist:
            messages.warning(request, _("That assessment was already removed."))
        else:
            messages.success(
                request,
                _(
                    "Assessment %(id)s was erased: its answers, contact details, "
                    "notes and history are gone."
                )
                % {"id": obj.pk},
            )
        return redirect(reverse("admin:intake_assessment_changelist"))
