"""Uploaded images are judged by their content, re-encoded clean, and stored under names Convene chooses."""
import io
import os
from pathlib import Path
import random
import re
import struct
import warnings
import zlib

from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin
import pytest
from werkzeug.datastructures import FileStorage

from core import uploads
from core.uploads import UploadRejected, check_image, delete, path_of, store

EMPTY = "This file is empty."
NOT_AN_IMAGE = "This file is not a JPEG, PNG, WebP or GIF image."
DAMAGED = "This image is damaged or incomplete. Save it again and upload the new file."
TOO_MANY_PIXELS = "This image has more than 40 million pixels. Upload a smaller one."
MB = 1024 * 1024


def upload(data: bytes, filename="photo.jpg", content_type="image/jpeg") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename, content_type=content_type)


def encoded(image: Image.Image, image_format: str, **params) -> bytes:
    output = io.BytesIO()
    image.save(output, image_format, **params)
    return output.getvalue()


def check(data: bytes, max_bytes=5 * MB, max_side=1000, **kwargs):
    return check_image(upload(data, **kwargs), max_bytes=max_bytes, max_side=max_side)


def refusal(data: bytes, **kwargs) -> str:
    with pytest.raises(UploadRejected) as caught:
        check(data, **kwargs)
    return str(caught.value.message)


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def noise(size=(200, 200)) -> Image.Image:
    """An image that does not compress, so that cutting its file short loses real picture data."""
    return Image.frombytes("RGB", size, random.Random(1).randbytes(size[0] * size[1] * 3))


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def one_bit_png(width: int, height: int, with_pixels=True) -> bytes:
    """A black-and-white PNG made by hand: all-black rows compress about a thousandfold."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
    pixels = b""
    if with_pixels:
        row = bytes(1 + (width + 7) // 8)  # filter byte, then 8 pixels a byte
        compressor = zlib.compressobj(9)
        pixels = png_chunk(b"IDAT", b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush())
    return b"\x89PNG\r\n\x1a\n" + header + pixels + png_chunk(b"IEND", b"")


def s15_fixed16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def xyz_tag(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + s15_fixed16(x) + s15_fixed16(y) + s15_fixed16(z)


#: sRGB's red, green and blue as ICC profiles give them (D50).
SRGB_PRIMARIES = [(0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)]


def rgb_profile(primaries) -> bytes:
    """A minimal ICC v2 display profile (matrix and gamma 2.2) with the given primaries."""
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(2.2 * 256)) + bytes(2)
    tags = [(b"wtpt", xyz_tag(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz_tag(*primaries[0])),
            (b"gXYZ", xyz_tag(*primaries[1])), (b"bXYZ", xyz_tag(*primaries[2])),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    first_offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for signature, data in tags:
        table += signature + struct.pack(">II", first_offset + len(body), len(data))
        body += data
    header = (struct.pack(">I", first_offset + len(body)) + bytes(4) + struct.pack(">I", 0x02100000)
              + b"mntrRGB XYZ " + bytes(12) + b"acsp" + bytes(28)
              + s15_fixed16(0.9642) + s15_fixed16(1.0) + s15_fixed16(0.8249) + bytes(48))
    return header + table + body


# --- what is kept, and how ---------------------------------------------------------------------------

def photo_with_location() -> bytes:
    """A 60 × 40 camera JPEG, red on the left and blue on the right, to be shown turned a quarter right."""
    image = Image.new("RGB", (60, 40), "blue")
    image.paste("red", (0, 0, 30, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (48.0, 51.0, 29.0),
                                  ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (2.0, 18.0, 24.0)}
    return encoded(image, "JPEG", exif=exif, comment=b"secret-comment", xmp=b"<x:xmpmeta>secret-xmp</x:xmpmeta>")


def test_a_photo_is_stored_upright_without_its_exif_location_or_comments(app):
    original = photo_with_location()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test's own premise

    checked = check(original)
    stored = path_of("badges", store(checked.data, "badges", checked.extension))

    assert (checked.extension, checked.content_type) == ("jpg", "image/jpeg")
    image = decoded(stored.read_bytes())
    assert image.format == "JPEG"
    assert image.size == (checked.width, checked.height) == (40, 60)  # turned as the camera said
    red, blue = image.getpixel((20, 10)), image.getpixel((20, 50))
    assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0]  # turned right, not left
    assert len(image.getexif()) == 0
    assert not {"exif", "xmp", "comment", "icc_profile"} & image.info.keys()
    raw = stored.read_bytes()
    assert b"Exif" not in raw and b"PhoneMaker" not in raw and b"secret" not in raw


def test_whatever_follows_the_image_in_its_file_is_left_behind():
    polyglot = encoded(Image.new("RGB", (20, 20), "red"), "JPEG") + b"<script>alert(document.cookie)</script>"

    assert b"<script>" not in check(polyglot).data


def test_a_png_with_transparency_stays_a_transparent_png_without_its_text_chunks():
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image.paste((0, 128, 0, 255), (0, 0, 20, 40))
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "secret-note")
    text.add_itxt("Author", "secret-author", zip=True)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

    checked = check(encoded(image, "PNG", pnginfo=text, icc_profile=srgb), filename="logo.png")

    assert (checked.extension, checked.content_type) == ("png", "image/png")
    result = decoded(checked.data)
    assert result.format == "PNG" and result.mode == "RGBA"
    assert result.getpixel((5, 20))[3] == 255 and result.getpixel((35, 20))[3] == 0
    assert not {"Comment", "Author", "icc_profile", "exif"} & result.info.keys()
    assert not re.search(rb"tEXt|iTXt|zTXt|iCCP|eXIf|secret", checked.data)


def test_colours_are_converted_to_srgb_before_the_profile_is_dropped():
    # A profile whose first channel is green: the stored pixel (255, 0, 0) is shown green, and must stay so.
    first_is_green = rgb_profile([SRGB_PRIMARIES[1], SRGB_PRIMARIES[0], SRGB_PRIMARIES[2]])
    photo = encoded(Image.new("RGB", (20, 20), (255, 0, 0)), "JPEG", icc_profile=first_is_green)

    checked = check(photo)

    red, green, blue = decoded(checked.data).getpixel((10, 10))
    assert green > 200 and red < 50 and blue < 50
    assert "icc_profile" not in decoded(checked.data).info


def test_a_photo_with_damaged_exif_is_still_accepted_and_turned_upright():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker" * 10
    broken_exif = exif.tobytes()[:-60]  # the maker's name now runs past the end: Pillow warns, phones do this
    photo = encoded(Image.new("RGB", (60, 40), "red"), "JPEG", exif=broken_exif)

    checked = check(photo)

    assert (checked.width, checked.height) == (40, 60)


def test_a_png_whose_alpha_hides_nothing_becomes_a_jpeg():
    checked = check(encoded(Image.new("RGBA", (40, 40), (0, 128, 0, 255)), "PNG"), filename="scan.png")

    assert checked.extension == "jpg" and decoded(checked.data).format == "JPEG"


@pytest.mark.parametrize(("size", "expected"), [
    ((3000, 1500), (1000, 500)),
    ((1500, 3000), (500, 1000)),
    ((200, 100), (200, 100)),  # never enlarged
])
def test_an_image_is_scaled_down_to_fit_max_side(size, expected):
    checked = check(encoded(Image.new("RGB", size, "orange"), "JPEG"), max_side=1000)

    assert (checked.width, checked.height) == expected
    assert decoded(checked.data).size == expected


def test_a_gif_named_png_is_accepted_for_what_it_is_and_stored_as_a_jpeg(app):
    gif = encoded(Image.new("RGB", (30, 20), "red"), "GIF")

    checked = check(gif, filename="photo.png", content_type="image/png")
    name = store(checked.data, "badges", checked.extension)

    assert (checked.extension, checked.content_type) == ("jpg", "image/jpeg")
    assert name.endswith(".jpg") and decoded(path_of("badges", name).read_bytes()).format == "JPEG"


def test_an_animated_gif_keeps_its_first_frame():
    frames = [Image.new("RGB", (30, 20), colour) for colour in ("red", "blue", "blue")]
    animation = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    pixel = decoded(check(animation).data).getpixel((15, 10))

    assert pixel[0] > 200 > pixel[2]


def test_a_webp_photo_is_accepted():
    checked = check(encoded(Image.new("RGB", (30, 20), "green"), "WEBP"), filename="photo.webp",
                    content_type="image/webp")

    assert checked.extension == "jpg" and decoded(checked.data).size == (30, 20)


def test_checking_the_same_upload_twice_reads_the_whole_file_both_times():
    image = upload(encoded(Image.new("RGB", (30, 20), "red"), "JPEG"))

    first = check_image(image, max_bytes=MB, max_side=100)

    assert check_image(image, max_bytes=MB, max_side=100) == first


# --- what is refused ---------------------------------------------------------------------------------

ELF_START = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + struct.pack("<HHI", 2, 0x3E, 1) + bytes(4000)
PE_START = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44) + struct.pack("<I", 64) \
    + b"PE\x00\x00" + bytes(4000)


@pytest.mark.parametrize("data", [
    pytest.param(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                 b"<script>alert(document.cookie)</script></svg>", id="svg-with-script"),
    pytest.param(b"<!doctype html><html><body><script>alert(1)</script></body></html>", id="html"),
    pytest.param(b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n", id="pdf"),
    pytest.param(ELF_START, id="elf-executable"),
    pytest.param(PE_START, id="windows-executable"),
    pytest.param(b"Dear organisers, here is my photo.\n", id="text"),
    pytest.param(encoded(Image.new("RGB", (10, 10)), "BMP"), id="bmp-is-an-image-but-not-one-we-take"),
])
def test_a_file_that_is_not_an_accepted_image_is_refused_whatever_its_name_says(data):
    assert refusal(data, filename="photo.jpg", content_type="image/jpeg") == NOT_AN_IMAGE


def test_an_empty_file_is_refused():
    assert refusal(b"") == EMPTY


def test_a_file_over_max_bytes_is_refused_without_being_read_whole():
    image = upload(os.urandom(3 * MB))

    with pytest.raises(UploadRejected) as caught:
        check_image(image, max_bytes=MB, max_side=1000)

    assert str(caught.value.message) == "This file is larger than 1 MB."
    assert image.stream.tell() == MB + 1


def test_a_file_of_exactly_max_bytes_is_not_too_large():
    data = encoded(noise((50, 50)), "JPEG")

    assert check(data, max_bytes=len(data)).extension == "jpg"
    assert refusal(data, max_bytes=len(data) - 1) == "This file is larger than %s MB." % (
        f"{round((len(data) - 1) / MB, 2):g}")


def with_byte_flipped(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


def with_bad_checksum(png: bytes) -> bytes:
    """The pixel data intact, its chunk's checksum wrong: only checking the checksum finds it."""
    start = png.index(b"IDAT")
    length = struct.unpack(">I", png[start - 4:start])[0]
    return with_byte_flipped(png, start + 4 + length)


NOISY_PNG = encoded(noise(), "PNG")


@pytest.mark.parametrize("data", [
    pytest.param(encoded(noise(), "JPEG", quality=95)[:20_000], id="truncated-jpeg"),
    pytest.param(NOISY_PNG[:60_000], id="truncated-png"),
    pytest.param(with_byte_flipped(NOISY_PNG, NOISY_PNG.index(b"IDAT") + 100), id="png-bad-pixel-data"),
    pytest.param(with_bad_checksum(encoded(Image.new("RGB", (20, 20), "red"), "PNG")), id="png-bad-checksum"),
    pytest.param(encoded(noise(), "GIF")[:20_000], id="truncated-gif"),
    pytest.param(encoded(noise(), "WEBP", quality=95)[:20_000], id="truncated-webp"),
])
def test_a_damaged_image_is_refused_even_after_weasyprint_told_pillow_to_patch_it_up(monkeypatch, data):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what importing WeasyPrint does

    assert refusal(data) == DAMAGED
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # PDFs still render as WeasyPrint expects


def test_a_decompression_bomb_is_refused():
    bomb = one_bit_png(20_000, 20_000)
    assert len(bomb) < 100_000  # 400 million pixels in a few tens of kilobytes

    assert refusal(bomb, filename="photo.png") == TOO_MANY_PIXELS


def test_an_image_over_the_pixel_limit_is_refused_from_its_header_before_decoding():
    # No pixel data at all: decoding would find the file damaged, so this message proves no decoding.
    assert refusal(one_bit_png(8000, 6000, with_pixels=False)) == TOO_MANY_PIXELS


def test_an_image_pillow_only_warns_about_is_refused_and_no_warning_escapes():
    # 100 million pixels: over Pillow's warning threshold, under its hard limit. Warnings are recorded,
    # not raised, as in production, so that one reaching the caller is seen rather than caught.
    with warnings.catch_warnings(record=True) as escaped, pytest.raises(UploadRejected) as caught:
        warnings.simplefilter("always")
        check_image(upload(one_bit_png(10_000, 10_000)), max_bytes=5 * MB, max_side=1000, max_pixels=500_000_000)

    assert [str(warning.message) for warning in escaped] == []
    assert str(caught.value.message) == "This image has more than %s million pixels. Upload a smaller one." % (
        f"{round(Image.MAX_IMAGE_PIXELS / 1_000_000, 2):g}")


def test_a_lower_pixel_limit_is_honoured():
    with pytest.raises(UploadRejected) as caught:
        check_image(upload(encoded(Image.new("RGB", (300, 200)), "PNG")), max_bytes=MB, max_side=100,
                    max_pixels=50_000)

    assert str(caught.value.message) == "This image has more than 0.05 million pixels. Upload a smaller one."


# --- storing, finding and deleting -------------------------------------------------------------------

def folder_of(app, folder="badges") -> Path:
    return Path(app.config["UPLOAD_FOLDER"]) / folder


def test_stored_files_get_new_random_names_and_nothing_else_is_left_in_the_folder(app):
    names = [store(b"same photo", "badges", "jpg"), store(b"same photo", "badges", "jpg"),
             store(b"a logo", "badges", "png")]

    assert all(re.fullmatch(r"[0-9a-f]{32}\.(jpg|png)", name) for name in names)
    assert len(set(names)) == 3  # the same photo twice is two files: one person's is never another's
    assert names[2].endswith(".png")
    assert sorted(p.name for p in folder_of(app).iterdir()) == sorted(names)
    assert [path_of("badges", name).read_bytes() for name in names] == [b"same photo", b"same photo", b"a logo"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_store_leaves_no_file_behind(app, monkeypatch, failing):
    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(uploads.os, failing, fail)

    with pytest.raises(OSError):
        store(b"half a photo", "badges", "jpg")

    assert list(folder_of(app).iterdir()) == []


@pytest.mark.parametrize(("folder", "extension"), [("badges", "html"), ("badges", "svg"), ("../static", "jpg"),
                                                   ("a/b", "jpg"), ("", "jpg")])
def test_store_refuses_an_extension_or_folder_of_its_own_choosing(app, folder, extension):
    with pytest.raises(ValueError):
        store(b"<script></script>", folder, extension)

    assert list(Path(app.config["UPLOAD_FOLDER"]).rglob("*")) == []


HEX = "0123456789abcdef" * 2


@pytest.mark.parametrize("name", ["../secret", "a/b.jpg", "x\x00.jpg", f"{HEX}.html", f"{HEX}.JPG",
                                  f"{HEX}.jpg\n", f"{HEX}.jpg/", f"/{HEX}.jpg", "", None])
def test_path_of_refuses_names_store_could_not_have_made_even_when_such_a_file_exists(app, name):
    badges = folder_of(app)
    (badges / "a").mkdir(parents=True)
    (badges / "a" / "b.jpg").write_bytes(b"x")
    (badges / f"{HEX}.html").write_bytes(b"<script></script>")
    (badges.parent / "secret").write_text("not for you")

    assert path_of("badges", name) is None


def test_path_of_finds_a_stored_file_and_not_one_that_is_gone(app):
    name = store(b"photo", "badges", "jpg")

    assert path_of("badges", name) == folder_of(app) / name
    assert path_of("booths", name) is None
    assert path_of("badges", f"{HEX}.jpg") is None


def test_delete_removes_the_file_and_does_not_mind_one_that_is_missing(app):
    name = store(b"photo", "badges", "jpg")
    (folder_of(app).parent / "secret").write_text("not for you")

    delete("badges", name)
    delete("badges", name)
    delete("badges", None)
    delete("badges", "../secret")

    assert path_of("badges", name) is None
    assert (folder_of(app).parent / "secret").read_text() == "not for you"


def _some_row():
    # Any table does: what matters is that the transaction and its savepoints have something to do.
    from core.extensions import db
    from core.mail import OutboxMessage
    message = OutboxMessage(recipient="a@example.org", subject="s", body_text="t", body_html="")
    db.session.add(message)
    db.session.flush()


def test_a_deletion_queued_before_a_savepoint_that_rolls_back_still_happens_at_the_commit(app):
    from core.extensions import db
    from core.uploads import delete_after_commit
    kept_name, replaced_name = store(b"new", "badges", "jpg"), store(b"old", "badges", "jpg")

    delete_after_commit("badges", replaced_name)  # the old photo, replaced by this request
    try:
        with db.session.begin_nested():  # a race lost further on in the same request
            _some_row()
            delete_after_commit("badges", kept_name)
            raise RuntimeError("lost the race")
    except RuntimeError:
        pass
    assert path_of("badges", replaced_name) is not None  # nothing goes before the commit
    db.session.commit()

    assert path_of("badges", replaced_name) is None
    assert path_of("badges", kept_name) is not None  # queued inside the savepoint that rolled back


def test_a_deletion_inside_a_released_savepoint_waits_for_the_outer_commit_and_goes_with_its_rollback(app):
    from core.extensions import db
    from core.uploads import delete_after_commit
    name = store(b"old", "badges", "jpg")

    with db.session.begin_nested():
        _some_row()
        delete_after_commit("badges", name)
    assert path_of("badges", name) is not None  # released, but the outer transaction may still roll back
    db.session.rollback()
    db.session.commit()

    assert path_of("badges", name) is not None


def test_a_deletion_inside_a_released_savepoint_happens_at_the_outer_commit(app):
    from core.extensions import db
    from core.uploads import delete_after_commit
    outer, inner = store(b"a", "badges", "jpg"), store(b"b", "badges", "jpg")

    delete_after_commit("badges", outer)
    with db.session.begin_nested():
        _some_row()
        with db.session.begin_nested():
            delete_after_commit("badges", inner)
    db.session.commit()

    assert path_of("badges", outer) is None
    assert path_of("badges", inner) is None
