"""Video links: parse every accepted form once, at build time, into a privacy-mode embed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlencode, urlsplit

from handbook.i18n.cli import _


def _accepted() -> str:
    """Name the forms a video link may take (every error names them, after "accepted:")."""
    return _(
        "YouTube (youtube.com/watch?v=ID, youtu.be/ID, youtube.com/shorts/ID, "
        "youtube.com/embed/ID, with t= or start=), Vimeo (vimeo.com/ID, vimeo.com/ID/HASH, "
        "player.vimeo.com/video/ID?h=HASH), Loom (loom.com/share/ID), "
        "Wistia (*.wistia.com/medias/ID, fast.wistia.net/embed/iframe/ID), "
        "or an .mp4/.webm file in the project"
    )


"""The forms a video link may take, named in every error."""

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{6,12}$")
_VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
_LOOM_ID = re.compile(r"^[0-9a-f]{32}$")
_WISTIA_ID = re.compile(r"^[a-z0-9]{10}$")
_FILE_SUFFIXES = {".mp4": "video/mp4", ".webm": "video/webm"}


class VideoLinkError(ValueError):
    """A video link in none of the accepted forms."""


def _refused(message: str, value: str | None = None) -> VideoLinkError:
    """Make the error `message` says, with the value shown and the accepted forms."""
    return VideoLinkError(message.format(value=repr(value), accepted=_accepted()))


PRIVACY_POLICIES = {
    "youtube": "https://policies.google.com/privacy",
    "vimeo": "https://vimeo.com/privacy",
    "loom": "https://www.atlassian.com/legal/privacy-policy",
    "wistia": "https://wistia.com/privacy",
}
"""Where each video service's privacy policy is (Loom's is Atlassian's since 2023)."""


@dataclass(frozen=True)
class VideoSource:
    """A parsed video: who hosts it, its id, where it starts, and how to embed it privately."""

    provider: str
    """youtube, vimeo, loom, wistia or file."""
    id: str
    """The provider's video id, or the file path for self-hosted videos."""
    start: int = 0
    """Start offset in seconds."""
    hash: str | None = None
    """Vimeo's privacy hash of an unlisted video."""

    @property
    def embed_url(self) -> str:
        """Return the player URL in the provider's privacy mode."""
        if self.provider == "youtube":
            query = {"autoplay": "1", "rel": "0"}
            if self.start:
                query["start"] = str(self.start)
            return f"https://www.youtube-nocookie.com/embed/{self.id}?{urlencode(query)}"
        if self.provider == "vimeo":
            query = {"dnt": "1", "autoplay": "1"}
            if self.hash:
                query = {"h": self.hash, **query}
            anchor = f"#t={self.start}s" if self.start else ""
            return f"https://player.vimeo.com/video/{self.id}?{urlencode(query)}{anchor}"
        if self.provider == "loom":
            suffix = f"&t={self.start}" if self.start else ""
            return f"https://www.loom.com/embed/{self.id}?autoplay=1{suffix}"
        if self.provider == "wistia":
            suffix = f"&time={self.start}" if self.start else ""
            return f"https://fast.wistia.net/embed/iframe/{self.id}?autoPlay=true{suffix}"
        return self.id

    @property
    def watch_url(self) -> str:
        """Return the plain link shown without JavaScript."""
        if self.provider == "youtube":
            suffix = f"&t={self.start}s" if self.start else ""
            return f"https://www.youtube.com/watch?v={self.id}{suffix}"
        if self.provider == "vimeo":
            return f"https://vimeo.com/{self.id}" + (f"/{self.hash}" if self.hash else "")
        if self.provider == "loom":
            return f"https://www.loom.com/share/{self.id}"
        if self.provider == "wistia":
            return f"https://fast.wistia.net/embed/iframe/{self.id}"
        return self.id

    @property
    def mime_type(self) -> str | None:
        """Return the MIME type of a self-hosted file."""
        return _FILE_SUFFIXES.get(PurePosixPath(self.id).suffix.lower())


def _seconds(value: str) -> int:
    """Read a start time: 90, 90s, 1m30s or 1h2m3s."""
    if value.isdigit():
        return int(value)
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", value)
    if not match or not any(match.groups()):
        raise _refused(_("start time {value} is not seconds or 1m30s; accepted: {accepted}"), value)
    h, m, s = (int(g or 0) for g in match.groups())
    return h * 3600 + m * 60 + s


def duration(at: str) -> str:
    """Return a chapter's start ("0:45", "1:02:03") as an HTML duration ("PT45S", "PT1H2M3S")."""
    parts = [int(p) for p in at.split(":")]
    h, m, s = [0] * (3 - len(parts)) + parts
    text = "".join(f"{n}{unit}" for n, unit in ((h, "H"), (m, "M"), (s, "S")) if n)
    return "PT" + (text or "0S")


def _check(pattern: re.Pattern[str], value: str, what: str) -> str:
    if not pattern.match(value):
        # Translators: {what} is "YouTube id", "Vimeo hash"...: a service's name and "id"/"hash".
        message = _("{what} {value} is malformed; accepted: {accepted}")
        raise VideoLinkError(message.format(what=what, value=repr(value), accepted=_accepted()))
    return value


def _without_id(service: str) -> VideoLinkError:
    """Make the error for a link of a known service that names no video."""
    message = {
        "YouTube": _("YouTube link without a video id; accepted: {accepted}"),
        "Vimeo": _("Vimeo link without a video id; accepted: {accepted}"),
        "Loom": _("Loom link without a video id; accepted: {accepted}"),
        "Wistia": _("Wistia link without a video id; accepted: {accepted}"),
    }[service]
    return VideoLinkError(message.format(accepted=_accepted()))


def _split(url: str) -> tuple[str, list[str], dict[str, str], int]:
    """Split a video link into its host, path segments, query and start seconds."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError as e:
        raise _refused(_("{value} is not a web address; accepted: {accepted}"), url) from e
    if "@" in parts.netloc:
        raise _refused(_("{value} names a user before @; accepted: {accepted}"), parts.netloc)
    host = parts.hostname or ""
    path = [p for p in parts.path.split("/") if p]
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    start_text = query.get("t") or query.get("start")
    if start_text is None and parts.fragment.startswith("t="):
        start_text = parts.fragment[2:]
    return host, path, query, _seconds(start_text) if start_text else 0


def _vimeo(path: list[str], query: dict[str, str], start: int, player: bool) -> VideoSource:
    """Read vimeo.com/ID[/HASH] or player.vimeo.com/video/ID[?h=HASH]."""
    ids = path[1:2] if player else [p for p in path if p.isdigit()][:1]
    if not ids or (player and path[0] != "video"):
        raise _without_id("Vimeo")
    video_id = _check(_VIMEO_ID, ids[0], "Vimeo id")
    after = [] if player else path[path.index(ids[0]) + 1 :]
    secret = after[0] if after else query.get("h")
    return VideoSource(
        "vimeo", video_id, start, _check(_VIMEO_HASH, secret, "Vimeo hash") if secret else None
    )


def parse(url: str) -> VideoSource:
    """Parse a video link; raise VideoLinkError naming the accepted forms.

    A link of a known service without its video id (https://fast.wistia.net/embed/iframe/,
    https://vimeo.com/) says so; an id with other characters than the service's is malformed.
    """
    if not re.match(r"^https?://", url):
        suffix = PurePosixPath(url).suffix.lower()
        if suffix not in _FILE_SUFFIXES:
            raise _refused(
                _("{value} is not a video link or .mp4/.webm file; accepted: {accepted}"), url
            )
        return VideoSource("file", url)
    hostname, path, query, start = _split(url)
    host = hostname.removeprefix("www.").removeprefix("m.")
    if host in ("youtube.com", "youtube-nocookie.com", "music.youtube.com", "youtu.be"):
        if host == "youtu.be" and path:
            video_id = path[0]
        elif path[:1] == ["watch"] and query.get("v"):
            video_id = query["v"]
        elif len(path) >= 2 and path[0] in ("shorts", "embed", "live", "v"):
            video_id = path[1]
        else:
            raise _without_id("YouTube")
        return VideoSource("youtube", _check(_YOUTUBE_ID, video_id, "YouTube id"), start)
    if host in ("vimeo.com", "player.vimeo.com"):
        return _vimeo(path, query, start, player=host == "player.vimeo.com")
    if host == "loom.com":
        if len(path) < 2 or path[0] not in ("share", "embed"):
            raise _without_id("Loom")
        return VideoSource("loom", _check(_LOOM_ID, path[1], "Loom id"), start)
    if host.endswith(".wistia.com") or host in ("wistia.com", "fast.wistia.net"):
        fast = host in ("fast.wistia.net", "fast.wistia.com")
        if fast and path[:2] == ["embed", "iframe"] and len(path) >= 3:
            return VideoSource("wistia", _check(_WISTIA_ID, path[2], "Wistia id"), start)
        if host != "fast.wistia.net" and path[:1] == ["medias"] and len(path) >= 2:
            return VideoSource("wistia", _check(_WISTIA_ID, path[1], "Wistia id"), start)
        raise _without_id("Wistia")
    raise _refused(
        _("{value} is not a supported video host; accepted: {accepted}"), hostname or url
    )
