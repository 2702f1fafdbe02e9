"""A video is a link to a known host, never a file and never the host's player on our pages: booth pages
(showcase) and the programme's recordings (events) show it as a link with the host's name, so no
third-party script runs for visitors."""
from dataclasses import dataclass
import re
from urllib.parse import parse_qs, urlsplit

from flask_babel import lazy_gettext as _l

UNKNOWN_HOST_MESSAGE = _l("Link to a video on YouTube or Vimeo, like https://www.youtube.com/watch?v=… or "
                          "https://vimeo.com/….")
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{6,12}")
HOSTS = {"youtube": "YouTube", "vimeo": "Vimeo"}


class NotAVideoLink(ValueError):
    message = UNKNOWN_HOST_MESSAGE


@dataclass(frozen=True)
class VideoLink:
    #: A key of HOSTS.
    host: str
    video_id: str

    @property
    def url(self) -> str:
        """The link as we show it: rebuilt from the id, so nothing the person typed reaches the page."""
        if self.host == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"


def read_video_link(text: str) -> VideoLink:
    """The video a link points to on a known host; NotAVideoLink for anything else."""
    try:
        parts = urlsplit((text or "").strip())
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:  # "https://youtube.com:abc/", "https://[::1/": not a link at all
        raise NotAVideoLink(text) from None
    if parts.scheme not in ("http", "https") or parts.username or parts.password or port not in (None, 443, 80):
        raise NotAVideoLink(text)
    path = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host in ("youtube.com", "www.youtube.com", "m.youtube.com"):
        if path == ["watch"]:
            video_id = (parse_qs(parts.query).get("v") or [None])[0]
        elif len(path) == 2 and path[0] in ("embed", "shorts", "live"):
            video_id = path[1]
        found = "youtube", _YOUTUBE_ID
    elif host == "youtu.be" and len(path) == 1:
        video_id, found = path[0], ("youtube", _YOUTUBE_ID)
    elif host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        video_id = path[-1] if path and (len(path) == 1 or path[0] == "video") else None
        found = "vimeo", _VIMEO_ID
    else:
        raise NotAVideoLink(text)
    name, pattern = found
    if not video_id or not pattern.fullmatch(video_id):
        raise NotAVideoLink(text)
    return VideoLink(name, video_id)
