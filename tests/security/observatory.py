"""Grade an HTTP response's security headers the way the MDN HTTP Observatory does.

The modifiers follow the Observatory's published score table (baseline 100;
bonuses count only when the score before them is at least 90; 100 or more is
A+). Only the tests that look at a single response are graded here; the
http -> https redirection test is checked separately.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

SIX_MONTHS = 15768000
SESSION_COOKIE_HINTS = ("session", "sess", "sid", "csrf", "token")


@dataclass
class Grade:
    modifiers: dict[str, int] = field(default_factory=dict)

    @property
    def score(self) -> int:
        penalties = sum(m for m in self.modifiers.values() if m < 0)
        bonuses = sum(m for m in self.modifiers.values() if m > 0)
        base = max(0, 100 + penalties)
        return base + bonuses if base >= 90 else base

    def explain(self) -> str:
        return ", ".join(f"{name} {value:+d}" for name, value in self.modifiers.items())


def parse_csp(header: str) -> dict[str, list[str]]:
    policy: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.strip().split()
        if words and words[0].lower() not in policy:
            policy[words[0].lower()] = [w.lower() for w in words[1:]]
    return policy


def grade_csp(headers) -> tuple[str, int]:
    header = headers.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented", -25
    policy = parse_csp(header)
    default = policy.get("default-src")
    script = policy.get("script-src", default)
    style = policy.get("style-src", default)
    objects = policy.get("object-src", default)
    if script is None or objects is None:
        return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-inline'" in script or "data:" in script:
        return "csp-implemented-with-unsafe-inline", -20
    if any(src in ("*", "http:", "https:") for src in script + objects):
        return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-eval'" in script:
        return "csp-implemented-with-unsafe-eval", -10
    if any(src.startswith("http:") for values in policy.values() for src in values):
        return "csp-implemented-with-insecure-scheme", -20
    if style and ("'unsafe-inline'" in style or "data:" in style):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    form_action = policy.get("form-action")
    locked_forms = form_action is not None and form_action != ["*"]
    if default == ["'none'"] and locked_forms:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def grade_cookies(response, hsts: bool) -> tuple[str, int]:
    """The worst outcome among the cookies the response sets."""
    if not response.cookies:
        return "cookies-not-found", 0
    outcomes = [_grade_cookie(m, hsts) for m in response.cookies.values()]
    return min(outcomes, key=lambda outcome: outcome[1])


def _grade_cookie(morsel, hsts: bool) -> tuple[str, int]:
    name = morsel.key.lower()
    session = any(hint in name for hint in SESSION_COOKIE_HINTS)
    samesite = str(morsel["samesite"]).lower()
    if samesite and samesite not in ("strict", "lax"):
        return "cookies-samesite-flag-invalid", -20
    if not morsel["secure"]:
        if session:
            if hsts:
                return "cookies-session-without-secure-flag-but-protected-by-hsts", -10
            return "cookies-session-without-secure-flag", -40
        if hsts:
            return "cookies-without-secure-flag-but-protected-by-hsts", -5
        return "cookies-without-secure-flag", -20
    if session and "csrf" not in name and not morsel["httponly"]:
        return "cookies-session-without-httponly-flag", -30
    if not samesite:
        if "csrf" in name:
            return "cookies-anticsrf-without-samesite-flag", -20
        return "cookies-secure-with-httponly-sessions", 0
    return "cookies-secure-with-httponly-sessions-and-samesite", 5


def grade_hsts(headers, https: bool) -> tuple[str, int]:
    if not https:
        return "hsts-not-implemented-no-https", -20
    header = headers.get("Strict-Transport-Security")
    if not header:
        return "hsts-not-implemented", -20
    directives = {}
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        directives[key.lower()] = value.strip('"')
    try:
        max_age = int(directives["max-age"])
    except (KeyError, ValueError):
        return "hsts-header-invalid", -20
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    # Preload-list membership cannot be checked offline: no bonus is claimed.
    return "hsts-implemented-max-age-at-least-six-months", 0


def grade_referrer(headers) -> tuple[str, int]:
    header = headers.get("Referrer-Policy")
    if not header:
        return "referrer-policy-not-implemented", 0
    policy = header.split(",")[-1].strip().lower()
    private = {"no-referrer", "same-origin", "strict-origin",
               "strict-origin-when-cross-origin"}  # fmt: skip
    unsafe = {"origin", "origin-when-cross-origin", "unsafe-url",
              "no-referrer-when-downgrade"}  # fmt: skip
    if policy in private:
        return "referrer-policy-private", 5
    if policy in unsafe:
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def grade_sri(response, origin: str) -> tuple[str, int]:
    if "text/html" not in response.get("Content-Type", ""):
        return "sri-not-implemented-response-not-html", 0
    parser = _Scripts()
    parser.feed(response.content.decode("utf-8", "replace"))
    sources = [s.get("src") for s in parser.scripts if s.get("src")]
    if not sources:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    external = [src for src in sources if urlsplit(src).netloc not in ("", origin)]
    if not external:
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    if any(not src.startswith("https://") for src in external):
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    return "sri-not-implemented-but-external-scripts-loaded-securely", -5


def grade(response, *, https: bool = True, origin: str = "testserver") -> Grade:
    headers = response.headers
    hsts_name, hsts_value = grade_hsts(headers, https)
    result = Grade()
    for name, value in [
        grade_csp(headers),
        grade_cookies(response, hsts=hsts_value == 0),
        _grade_cors(headers),
        (hsts_name, hsts_value),
        grade_referrer(headers),
        grade_sri(response, origin),
        _grade_nosniff(headers),
        _grade_framing(headers),
        _grade_corp(headers),
    ]:
        result.modifiers[name] = value
    return result


def _grade_cors(headers) -> tuple[str, int]:
    allowed = headers.get("Access-Control-Allow-Origin")
    if not allowed:
        return "cross-origin-resource-sharing-not-implemented", 0
    if headers.get("Access-Control-Allow-Credentials", "").lower() == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-implemented-with-public-access", 0


def _grade_nosniff(headers) -> tuple[str, int]:
    value = headers.get("X-Content-Type-Options")
    if value is None:
        return "x-content-type-options-not-implemented", -5
    if value.strip().lower() != "nosniff":
        return "x-content-type-options-header-invalid", -5
    return "x-content-type-options-nosniff", 0


def _grade_framing(headers) -> tuple[str, int]:
    csp = parse_csp(headers.get("Content-Security-Policy", ""))
    if "frame-ancestors" in csp and csp["frame-ancestors"] != ["*"]:
        return "x-frame-options-implemented-via-csp", 5
    value = headers.get("X-Frame-Options", "").strip().upper()
    if value in ("DENY", "SAMEORIGIN"):
        return "x-frame-options-sameorigin-or-deny", 0
    if not value:
        return "x-frame-options-not-implemented", -20
    return "x-frame-options-header-invalid", -20


def _grade_corp(headers) -> tuple[str, int]:
    value = headers.get("Cross-Origin-Resource-Policy")
    if value is None:
        return "cross-origin-resource-policy-not-implemented", 0
    value = value.strip().lower()
    if value in ("same-origin", "same-site"):
        return f"cross-origin-resource-policy-implemented-with-{value}", 10
    if value == "cross-origin":
        return "cross-origin-resource-policy-implemented-with-cross-origin", 0
    return "cross-origin-resource-policy-header-invalid", -5
