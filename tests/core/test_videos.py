"""Video links: only YouTube and Vimeo videos, read down to their id and shown as a link we rebuild."""
import pytest

from core.videos import NotAVideoLink, VideoLink, read_video_link


@pytest.mark.parametrize("text, expected", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", VideoLink("youtube", "dQw4w9WgXcQ")),
    ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", VideoLink("youtube", "dQw4w9WgXcQ")),
    ("  https://youtu.be/dQw4w9WgXcQ  ", VideoLink("youtube", "dQw4w9WgXcQ")),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", VideoLink("youtube", "dQw4w9WgXcQ")),
    ("https://m.youtube.com/shorts/dQw4w9WgXcQ", VideoLink("youtube", "dQw4w9WgXcQ")),
    ("https://vimeo.com/76979871", VideoLink("vimeo", "76979871")),
    ("https://player.vimeo.com/video/76979871", VideoLink("vimeo", "76979871")),
])
def test_links_to_known_hosts_are_read_to_their_video(text, expected):
    assert read_video_link(text) == expected


@pytest.mark.parametrize("text", [
    "https://evil.example.org/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com.evil.example.org/watch?v=dQw4w9WgXcQ",  # looks like YouTube, is not
    "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
    "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
    "ftp://vimeo.com/76979871",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ\"><script>",
    "https://www.youtube.com/watch?v=short",
    "https://www.youtube.com/channel/UC123",
    "https://vimeo.com/channels/staffpicks",
    "https://vimeo.com/76979871abc",
    "",
    "not a link",
    "https://youtu.be/",
    "https://www.youtube.com:abc/watch?v=dQw4w9WgXcQ",
    "https://[::1/watch",
])
def test_anything_else_is_refused(text):
    with pytest.raises(NotAVideoLink):
        read_video_link(text)


def test_the_link_shown_is_rebuilt_from_the_id():
    link = read_video_link("https://youtu.be/dQw4w9WgXcQ?si=tracking-token")

    assert link.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"  # no tracking, nothing typed
    assert read_video_link("https://player.vimeo.com/video/76979871?h=x").url == "https://vimeo.com/76979871"
