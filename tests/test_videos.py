"""Video links in their real-world forms, normalised to privacy-mode embeds; bad ones refused."""

from __future__ import annotations

import pytest

from handbook.model.video_links import VideoLinkError, duration, parse


@pytest.mark.parametrize(
    ("url", "provider", "video_id", "start", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "youtube",
            "dQw4w9WgXcQ",
            0,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0",
        ),
        (
            "https://youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s&list=PL1",
            "youtube",
            "dQw4w9WgXcQ",
            90,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0&start=90",
        ),
        (
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share",
            "youtube",
            "dQw4w9WgXcQ",
            0,
            None,
        ),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", "youtube", "dQw4w9WgXcQ", 42, None),
        ("https://www.youtube.com/shorts/aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ", 0, None),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=15", "youtube", "dQw4w9WgXcQ", 15, None),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", 0, None),
        (
            "https://vimeo.com/76979871",
            "vimeo",
            "76979871",
            0,
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
        ),
        (
            "https://vimeo.com/824516307/1a2b3c4d5e",
            "vimeo",
            "824516307",
            0,
            "https://player.vimeo.com/video/824516307?h=1a2b3c4d5e&dnt=1&autoplay=1",
        ),
        ("https://player.vimeo.com/video/76979871?h=abcdef1234", "vimeo", "76979871", 0, None),
        (
            "https://vimeo.com/channels/staffpicks/76979871#t=30s",
            "vimeo",
            "76979871",
            30,
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1#t=30s",
        ),
        (
            "https://www.loom.com/share/3f9a2c7e5b1d4e8fa06c9b7d2e4f1a53",
            "loom",
            "3f9a2c7e5b1d4e8fa06c9b7d2e4f1a53",
            0,
            "https://www.loom.com/embed/3f9a2c7e5b1d4e8fa06c9b7d2e4f1a53?autoplay=1",
        ),
        (
            "https://www.loom.com/share/3f9a2c7e5b1d4e8fa06c9b7d2e4f1a53?sid=x&t=12",
            "loom",
            "3f9a2c7e5b1d4e8fa06c9b7d2e4f1a53",
            12,
            None,
        ),
        (
            "https://harborpine.wistia.com/medias/e4a27b971d",
            "wistia",
            "e4a27b971d",
            0,
            "https://fast.wistia.net/embed/iframe/e4a27b971d?autoPlay=true",
        ),
        ("https://fast.wistia.net/embed/iframe/e4a27b971d", "wistia", "e4a27b971d", 0, None),
        ("media/portal-tour.mp4", "file", "media/portal-tour.mp4", 0, "media/portal-tour.mp4"),
        ("media/Intro.WEBM", "file", "media/Intro.WEBM", 0, None),
    ],
)
def test_accepted_forms(
    url: str, provider: str, video_id: str, start: int, embed: str | None
) -> None:
    source = parse(url)
    assert (source.provider, source.id, source.start) == (provider, video_id, start)
    if embed:
        assert source.embed_url == embed


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://www.youtube.com/watch?v=short", "YouTube id 'short' is malformed"),
        ("https://www.youtube.com/channel/UC123", "YouTube link without a video id"),
        ("https://youtu.be/dQw4w9WgXcQ?t=soon", "start time 'soon' is not seconds"),
        ("https://vimeo.com/about", "Vimeo link without a video id"),
        ("https://vimeo.com/76979871/NOT-HEX", "Vimeo hash 'NOT-HEX' is malformed"),
        ("https://www.loom.com/share/xyz", "Loom id 'xyz' is malformed"),
        ("https://www.dailymotion.com/video/x7tgad0", "'www.dailymotion.com' is not a supported"),
        ("media/tour.mov", "'media/tour.mov' is not a video link or .mp4/.webm file"),
    ],
)
def test_bad_links_name_the_accepted_forms(url: str, message: str) -> None:
    with pytest.raises(VideoLinkError) as error:
        parse(url)
    assert message in str(error.value)
    assert "accepted: YouTube" in str(error.value)


@pytest.mark.parametrize(
    ("at", "iso"),
    [("0:00", "PT0S"), ("0:45", "PT45S"), ("1:05", "PT1M5S"), ("10:00", "PT10M"),
     ("1:02:03", "PT1H2M3S")],
)  # fmt: skip
def test_chapter_start_is_a_valid_html_duration(at: str, iso: str) -> None:
    assert duration(at) == iso
