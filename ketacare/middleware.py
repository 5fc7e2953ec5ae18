import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# Every powerful browser feature, denied: the site needs none of them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set.

    Everything under the admin and the self-assessment shows or accepts health
    data, so none of it may be kept by a browser cache or a proxy, whichever
    view (ours, Django's, a library's) made the response.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.private_prefixes: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path.startswith(self._private_prefixes()):
            add_never_cache_headers(response)
        return response

    def _private_prefixes(self) -> tuple[str, ...]:
        if self.private_prefixes is None:
            self.private_prefixes = (
                reverse("admin:index"),
                reverse("intake:start"),
                reverse("check_in:start"),
            )
        return self.private_prefixes


class StaffCrossSiteMiddleware:
    """Staff pages answer only requests that started on this site.

    A link or form on another site must not make a signed-in lead's browser
    open a record or an export (each writes an audit row in their name). The
    browser says where a request started in Sec-Fetch-Site; anything from
    another site gets a 403. A top-level navigation (someone following a link,
    say from webmail) gets a page with a link to continue, which starts on
    this site. Browsers that send no Sec-Fetch-Site still withhold the staff
    session cookie from other sites: it is SameSite=Strict.
    """

    TRUSTED = {"same-origin", "none"}  # "none": typed, bookmarked, or opened

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = request.headers.get("Sec-Fetch-Site")
        if started is None or started in self.TRUSTED:
            return self.get_response(request)
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        navigation = (
            request.method in ("GET", "HEAD")
            and request.headers.get("Sec-Fetch-Mode") == "navigate"
            and request.headers.get("Sec-Fetch-Dest", "document") == "document"
        )
        context = {
            "continue_url": request.get_full_path() if navigation else "",
            "site_header": _("KetaCare staff"),
            "site_title": _("KetaCare staff"),
        }
        return render(request, "admin/cross_site.html", context, status=403)


class StaffSessionLimitsMiddleware:
    """End a staff session after a spell of inactivity, and after a maximum age.

    The timestamps live in the session (PostgreSQL), so every worker and server
    enforces the same limits. Patients' assessment sessions are not affected.
    """

    STARTED = "staff_session_started"
    LAST_SEEN = "staff_session_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            session = request.session
            started = session.setdefault(self.STARTED, now)
            last_seen = session.get(self.LAST_SEEN, now)
            idle = now - last_seen > settings.KETACARE_STAFF_IDLE_SECONDS
            too_old = now - started > settings.KETACARE_STAFF_MAX_SECONDS
            if idle or too_old:
                logout(request)
                messages.info(request, self.reason(idle=idle))
                query = urlencode({"next": request.path})
                return redirect(f"{reverse('admin:login')}?{query}")
            session[self.LAST_SEEN] = now
        return self.get_response(request)

    @staticmethod
    def reason(*, idle: bool) -> str:
        if idle:
            minutes = settings.KETACARE_STAFF_IDLE_SECONDS // 60
            return _(
                "You were signed out after %(minutes)d minutes without activity."
            ) % {"minutes": minutes}
        hours = settings.KETACARE_STAFF_MAX_SECONDS // 3600
        return _(
            "You were signed out: staff sessions last %(hours)d hours at most."
        ) % {"hours": hours}
